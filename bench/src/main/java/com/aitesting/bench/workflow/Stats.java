package com.aitesting.bench.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Per-round samples of one figure: the median and the spread (min..max) across measured rounds. */
public final class Stats {
    private final List<Double> samples = new ArrayList<>();

    public void add(double value) {
        samples.add(value);
    }

    /** The latest sample. */
    public double last() {
        return samples.getLast();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return sorted().getFirst();
    }

    public double max() {
        return sorted().getLast();
    }

    /** (max - min) / median, in percent. */
    public double spreadPercent() {
        return 100 * (max() - min()) / median();
    }

    /** "1234 (1180..1290, ±4%)" */
    public String describe() {
        if (samples.isEmpty()) {
            return "-";
        }
        return num(median()) + " (" + num(min()) + ".." + num(max()) + ")";
    }

    public String spread() {
        return samples.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f%%", spreadPercent());
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }

    /** Three significant figures, no exponent. */
    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
