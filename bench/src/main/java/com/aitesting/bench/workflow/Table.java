package com.aitesting.bench.workflow;

import java.util.ArrayList;
import java.util.List;

/** A result table printed as aligned text or as Markdown. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public void row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
    }

    public String render(boolean markdown) {
        StringBuilder out = new StringBuilder();
        if (markdown) {
            line(out, header, null, true);
            out.append('|');
            header.forEach(h -> out.append(" --- |"));
            out.append('\n');
            rows.forEach(r -> line(out, r, null, true));
            return out.toString();
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> r : rows) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        line(out, header, widths, false);
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.append('\n');
        rows.forEach(r -> line(out, r, widths, false));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean markdown) {
        if (markdown) {
            out.append('|');
            cells.forEach(c -> out.append(' ').append(c.replace("|", "\\|")).append(" |"));
        } else {
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                out.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(widths[i] - c.length()));
            }
        }
        out.append('\n');
    }
}
