package com.aitesting.core.finding;

import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's findings as a SARIF 2.1.0 log (OASIS), as JSON-shaped maps and lists in the spec's member names.
 *
 * <ul>
 *   <li>One {@code reportingDescriptor} (rule) per finding kind: its {@code id} is the finding's stable
 *       {@code rule_id}, so a consumer tracks the same kind of issue across runs.</li>
 *   <li>{@code properties.security-severity} (a CVSS-like score as a string, the convention GitHub code
 *       scanning reads) on each rule, from the most severe finding of that rule; the level
 *       (error/warning/note) follows the severity too.</li>
 *   <li>{@code partialFingerprints} carries the finding's fingerprint (same rule, same target = same value
 *       across runs), so re-uploads update alerts instead of duplicating them.</li>
 *   <li>The target (a network address, not a file) is the result's location: its URI as the
 *       {@code artifactLocation} and a logical location naming the host/address and port.</li>
 * </ul>
 */
public final class SarifLog {
    public static final String VERSION = "2.1.0";
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String TOOL_NAME = "ai-testing";
    public static final String TOOL_URI = "https://ai-testing.dev/";
    /** The key of our fingerprint in partialFingerprints; versioned, as SARIF recommends. */
    public static final String FINGERPRINT_KEY = "aiTestingFingerprint/v1";

    private SarifLog() {}

    /** {@code toolVersion}: the platform's version, shown as the driver's version. */
    public static Map<String, Object> of(RunFindings findings, String toolVersion) {
        Run run = findings.run();
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<String, Severity> ruleSeverity = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding finding : findings.findings()) {
            NewFinding f = finding.reported();
            ruleSeverity.merge(f.ruleId(), f.severity(), (a, b) -> a.atLeast(b) ? a : b);
            Integer index = ruleIndex.get(f.ruleId());
            if (index == null) {
                index = rules.size();
                ruleIndex.put(f.ruleId(), index);
                rules.add(rule(f));
            }
            results.add(result(finding, index));
        }
        // a rule's severity is its most severe finding's: set once every finding has been seen
        for (Map<String, Object> rule : rules) {
            Severity severity = ruleSeverity.get((String) rule.get("id"));
            rule.put("defaultConfiguration", Map.of("level", level(severity)));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("security-severity", securitySeverity(severity));
            properties.put("tags", List.of("security", "network"));
            rule.put("properties", properties);
        }

        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", TOOL_NAME);
        driver.put("informationUri", TOOL_URI);
        driver.put("version", toolVersion);
        driver.put("rules", rules);

        Map<String, Object> invocation = new LinkedHashMap<>();
        // only a run that completed with nothing untested tested everything its plan holds; the others say why
        invocation.put("executionSuccessful", findings.complete());
        if (run.startedAt() != null) {
            invocation.put("startTimeUtc", run.startedAt().toString());
        }
        if (run.finishedAt() != null) {
            invocation.put("endTimeUtc", run.finishedAt().toString());
        }
        // an error when the run ended early; a warning when it completed but left targets untested
        String level = run.status() == RunStatus.COMPLETED ? "warning" : "error";
        findings.partial().ifPresent(text -> invocation.put("toolExecutionNotifications",
                List.of(Map.of("level", level, "message", Map.of("text", text)))));

        Map<String, Object> runProperties = new LinkedHashMap<>();
        runProperties.put("run_id", run.id().toString());
        runProperties.put("engagement_id", run.engagementId().toString());
        runProperties.put("run_status", run.status().wire());
        runProperties.put("run_mode", findings.run().mode().wire());
        runProperties.put("completed_steps", run.completedSteps());
        runProperties.put("total_steps", run.totalSteps());
        runProperties.put("minimum_severity", findings.minimum().wire());

        Map<String, Object> sarifRun = new LinkedHashMap<>();
        sarifRun.put("tool", Map.of("driver", driver));
        // "category/run": consumers such as GitHub group the analyses of one engagement by the part before the last '/'
        sarifRun.put("automationDetails", Map.of("id", TOOL_NAME + "/" + run.engagementId() + "/" + run.id()));
        sarifRun.put("invocations", List.of(invocation));
        sarifRun.put("results", results);
        sarifRun.put("properties", runProperties);

        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", VERSION);
        log.put("runs", List.of(sarifRun));
        return log;
    }

    private static Map<String, Object> rule(NewFinding f) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", f.ruleId());
        rule.put("name", ruleName(f.ruleId()));
        // a rule describes every finding of its kind: the description is the kind's, a title names one target
        rule.put("shortDescription", Map.of("text", firstSentence(f.description())));
        rule.put("fullDescription", Map.of("text", sentence(f.description())));
        rule.put("help", Map.of("text", sentence(f.description())));
        return rule;
    }

    private static Map<String, Object> result(Finding finding, int ruleIndex) {
        NewFinding f = finding.reported();
        FindingTarget target = f.target();

        Map<String, Object> logical = new LinkedHashMap<>();
        logical.put("fullyQualifiedName", targetName(target));
        logical.put("kind", "resource");
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("physicalLocation", Map.of("artifactLocation", Map.of("uri", target.uri())));
        location.put("logicalLocations", List.of(logical));

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("severity", f.severity().wire());
        properties.put("security-severity", securitySeverity(f.severity()));
        properties.put("test_id", f.testId());
        properties.put("step_index", finding.stepIndex());
        properties.put("finding_id", finding.id().toString());
        properties.put("target", targetMap(target));
        properties.put("evidence", f.evidence());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ruleId", f.ruleId());
        result.put("ruleIndex", ruleIndex);
        result.put("level", level(f.severity()));
        result.put("message", Map.of("text", sentence(f.title()) + " " + sentence(f.description())));
        result.put("locations", List.of(location));
        result.put("partialFingerprints", Map.of(FINGERPRINT_KEY, finding.fingerprint()));
        result.put("properties", properties);
        return result;
    }

    /** SARIF's levels: error for high and critical, warning for medium, note for low and info. */
    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /**
     * A score inside the CVSS band GitHub maps to the same severity (over 9.0 critical, 7.0-8.9 high, 4.0-6.9
     * medium, 0.1-3.9 low); info is 0.0, which is below every band.
     */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }

    /** A rule's name in PascalCase, as SARIF suggests: tls.certificate.expired -> TlsCertificateExpired. */
    static String ruleName(String ruleId) {
        StringBuilder name = new StringBuilder();
        boolean upper = true;
        for (char c : ruleId.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return name.isEmpty() ? "Finding" : name.toString();
    }

    /** The first sentence of {@code text} (up to a full stop followed by a space), as a sentence. */
    static String firstSentence(String text) {
        String t = text.strip();
        int end = t.indexOf(". ");
        return sentence(end < 0 ? t : t.substring(0, end + 1));
    }

    /** SARIF messages are sentences: they end with a period (or other final punctuation). */
    static String sentence(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "No description.";
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    private static String targetName(FindingTarget target) {
        String name = target.host() != null ? target.host() : target.address() != null ? target.address() : target.url();
        return target.port() != null && target.url() == null ? name + ":" + target.port() : name;
    }

    static Map<String, Object> targetMap(FindingTarget target) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", target.host());
        map.put("address", target.address());
        map.put("port", target.port());
        map.put("url", target.url());
        return map;
    }
}
