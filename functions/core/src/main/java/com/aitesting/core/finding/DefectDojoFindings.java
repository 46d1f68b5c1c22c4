package com.aitesting.core.finding;

import com.aitesting.core.run.Run;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's findings in DefectDojo's "Generic Findings Import" JSON ({@code {"findings": [...]}} plus the report's
 * name, type and version). DefectDojo refuses a finding with a field it does not know, so only its own fields are
 * used. The description holds only what stays the same from run to run (the finding's description, target and
 * rule), because DefectDojo deduplicates this scan type by a hash that includes the description; what was observed
 * (the evidence, which changes) goes into {@code steps_to_reproduce}. {@code unique_id_from_tool} is the stable
 * fingerprint and {@code vuln_id_from_tool} the rule, for a deduplication configured on them.
 */
public final class DefectDojoFindings {
    /** The report's {@code type}: DefectDojo names the test type "ai-testing (Generic Findings Import)". */
    public static final String TEST_TYPE = SarifLog.TOOL_NAME;

    private DefectDojoFindings() {}

    public static Map<String, Object> of(RunFindings findings, String toolVersion) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Finding finding : findings.findings()) {
            items.add(item(finding));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", SarifLog.TOOL_NAME + " run " + findings.run().id());
        report.put("type", TEST_TYPE);
        report.put("version", toolVersion);
        // the test's description is where this format carries what the scan was: its mode, status and steps
        Run run = findings.run();
        report.put("description", "Findings of run " + run.id() + " of engagement " + run.engagementId()
                + " (" + run.mode().wire() + " run, status " + run.status().wire() + ", " + run.completedSteps() + " of "
                + run.totalSteps() + " steps, severity " + findings.minimum().wire() + " and above)."
                + findings.partial().map(text -> " " + text).orElse(""));
        report.put("dynamic_tool", true);
        report.put("static_tool", false);
        report.put("findings", items);
        return report;
    }

    private static Map<String, Object> item(Finding finding) {
        NewFinding f = finding.reported();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", f.title());
        item.put("severity", severity(f.severity()));
        item.put("description", description(f));
        item.put("steps_to_reproduce", stepsToReproduce(f));
        item.put("date", finding.createdAt().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        item.put("unique_id_from_tool", finding.fingerprint());
        item.put("vuln_id_from_tool", f.ruleId());
        item.put("active", true);
        item.put("verified", false);
        item.put("static_finding", false);
        item.put("dynamic_finding", true);
        item.put("tags", List.of(f.testId()));
        item.put("endpoints", List.of(endpoint(f.target())));
        return item;
    }

    /** DefectDojo's names: Info, Low, Medium, High, Critical. */
    static String severity(Severity severity) {
        String wire = severity.wire();
        return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
    }

    /** The finding's description, its target and its rule, in Markdown: the same in every run that finds it. */
    private static String description(NewFinding f) {
        return f.description().strip()
                + "\n\n**Target:** " + code(f.target().uri())
                + "\n\n**Rule:** " + f.ruleId() + " (test " + f.testId() + ")";
    }

    /** How to see it again, and what this run observed on the wire (the evidence). */
    private static String stepsToReproduce(NewFinding f) {
        StringBuilder text = new StringBuilder("Run the catalog test ").append(f.testId()).append(" against ")
                .append(f.target().uri()).append('.');
        if (!f.evidence().isEmpty()) {
            text.append("\n\n**Observed:**\n");
            text.append(f.evidence().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> "- " + e.getKey() + ": " + code(String.valueOf(e.getValue())))
                    .collect(Collectors.joining("\n")));
        }
        return text.toString();
    }

    /**
     * {@code text} as a Markdown code span, so what a target sent (a header, a certificate's subject) shows as the
     * characters it was, never as links, images or formatting that DefectDojo would render for the tenant's
     * analysts: fenced by more backticks than it holds in a row, line breaks as spaces (a blank line would end
     * the span and let the rest be read as Markdown).
     */
    static String code(String text) {
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        int longest = 0;
        for (int i = 0, run = 0; i < oneLine.length(); i++) {
            run = oneLine.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        // a space each side keeps a leading or trailing backtick from joining the fence (CommonMark strips one)
        String pad = oneLine.startsWith("`") || oneLine.endsWith("`") || oneLine.isBlank() ? " " : "";
        return fence + pad + oneLine + pad + fence;
    }

    /** An endpoint object (DefectDojo's Endpoint fields): protocol, host, port, path, query, from the url when there is one. */
    static Map<String, Object> endpoint(FindingTarget target) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        URI uri = target.url() == null ? null : parsed(target.url());
        if (uri != null && uri.getHost() != null) {
            endpoint.put("protocol", uri.getScheme());
            endpoint.put("host", uri.getHost());
            int port = uri.getPort() > 0 ? uri.getPort() : target.port() == null ? -1 : target.port();
            if (port > 0) {
                endpoint.put("port", port);
            }
            if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
                endpoint.put("path", uri.getRawPath().substring(1)); // DefectDojo stores the path without its leading '/'
            }
            if (uri.getRawQuery() != null) {
                endpoint.put("query", uri.getRawQuery());
            }
            return endpoint;
        }
        endpoint.put("host", target.host() != null ? target.host() : target.address() != null ? target.address() : target.url());
        if (target.port() != null) {
            endpoint.put("port", target.port());
        }
        return endpoint;
    }

    /** An executor's url is one it requested, so it parses; anything else falls back to host and port. */
    private static URI parsed(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
