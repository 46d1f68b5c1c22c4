package com.aitesting.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FindingExportsTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    /** A real run aborted after one of its two steps. */
    private static final Run RUN = ended(RunStatus.ABORTED, 1, null);

    static Run ended(RunStatus status, int completedSteps, String failureReason) {
        return ended(status, completedSteps, failureReason, RunMode.REAL);
    }

    static Run ended(RunStatus status, int completedSteps, String failureReason, RunMode mode) {
        return new Run(RunId.random(), new TenantId("t_demo"), EngagementId.random(), PlanId.random(), status, mode, 2, completedSteps,
                null, 100, null, T0, T0.plusSeconds(1), T0.plusSeconds(60), failureReason, 5);
    }

    private static Finding stored(NewFinding f) {
        return new Finding(UUID.randomUUID(), RUN.id(), 0, f, f.fingerprint(), T0);
    }

    private static NewFinding finding(String rule, Severity severity, FindingTarget target) {
        return new NewFinding("tls.certificate_check", rule, severity, "Title of " + rule + " on " + target.uri(),
                "About " + rule + ". More about it.", target, Map.of());
    }

    @Test
    void aTargetBecomesOneAbsoluteUri() {
        assertThat(new FindingTarget(null, null, null, "https://a.example/x").uri()).isEqualTo("https://a.example/x");
        assertThat(new FindingTarget("a.example", "127.0.0.1", 443, null).uri()).isEqualTo("tcp://a.example:443");
        assertThat(new FindingTarget(null, "::1", 22, null).uri()).isEqualTo("tcp://[::1]:22");
        assertThat(new FindingTarget("example.com", null, null, null).uri()).isEqualTo("dns:example.com");
        assertThat(new FindingTarget(null, "127.0.0.9", null, null).uri()).isEqualTo("tcp://127.0.0.9");
    }

    @Test
    void sarifHasOneRulePerKindAtItsMostSevereFindingsSeverity() {
        RunFindings findings = new RunFindings(RUN, Severity.INFO, List.of(
                stored(finding("tls.certificate.expired", Severity.HIGH, new FindingTarget("a.example", null, 443, null))),
                stored(finding("tls.weak_protocol", Severity.MEDIUM, new FindingTarget("a.example", null, 443, null))),
                stored(finding("tls.certificate.expired", Severity.CRITICAL, new FindingTarget("b.example", null, 443, null)))), List.of());

        Map<String, Object> log = SarifLog.of(findings, "1.2.3");
        Map<?, ?> run = (Map<?, ?>) ((List<?>) log.get("runs")).get(0);
        Map<?, ?> driver = (Map<?, ?>) ((Map<?, ?>) run.get("tool")).get("driver");
        List<?> rules = (List<?>) driver.get("rules");
        assertThat(rules).hasSize(2);
        Map<?, ?> expired = (Map<?, ?>) rules.get(0);
        assertThat(expired.get("id")).isEqualTo("tls.certificate.expired");
        assertThat(expired.get("name")).isEqualTo("TlsCertificateExpired");
        // the kind's description, not one finding's title (which names its target)
        assertThat(expired.get("shortDescription")).isEqualTo(Map.of("text", "About tls.certificate.expired."));
        assertThat(((Map<?, ?>) expired.get("properties")).get("security-severity")).isEqualTo("9.5");
        assertThat(((Map<?, ?>) expired.get("defaultConfiguration")).get("level")).isEqualTo("error");
        List<?> results = (List<?>) run.get("results");
        assertThat(results.stream().map(r -> (Object) ((Map<?, ?>) r).get("ruleIndex")).toList()).containsExactly(0, 1, 0);
        assertThat(driver.get("version")).isEqualTo("1.2.3");
        assertThat(((Map<?, ?>) ((List<?>) run.get("invocations")).get(0)).get("executionSuccessful")).isEqualTo(false);
    }

    @Test
    void bothExportsSayTheRunsModeAndStatusAndThatAnAbortedOrFailedRunIsPartial() {
        Run completed = ended(RunStatus.COMPLETED, 2, null);
        Run failed = ended(RunStatus.FAILED, 1, "target unreachable");
        Map<String, Object> whole = sarifRun(new RunFindings(completed, Severity.INFO, List.of(), List.of()));
        assertThat(map(whole.get("properties"))).containsEntry("run_mode", "real").containsEntry("run_status", "completed")
                .containsEntry("completed_steps", 2).containsEntry("total_steps", 2);
        Map<String, Object> invocation = map(((List<?>) whole.get("invocations")).get(0));
        assertThat(invocation).containsEntry("executionSuccessful", true).containsEntry("endTimeUtc", "2026-05-04T10:01:00Z")
                .doesNotContainKey("toolExecutionNotifications");

        for (Run partial : List.of(RUN, failed)) {
            Map<String, Object> run = sarifRun(new RunFindings(partial, Severity.INFO, List.of(), List.of()));
            assertThat(map(run.get("properties"))).containsEntry("run_status", partial.status().wire())
                    .containsEntry("completed_steps", 1);
            Map<String, Object> inv = map(((List<?>) run.get("invocations")).get(0));
            assertThat(inv).containsEntry("executionSuccessful", false).containsEntry("endTimeUtc", "2026-05-04T10:01:00Z");
            Map<?, ?> notice = (Map<?, ?>) ((List<?>) inv.get("toolExecutionNotifications")).get(0);
            assertThat(notice.get("level")).isEqualTo("error");
            assertThat(((Map<?, ?>) notice.get("message")).get("text").toString())
                    .contains(partial.status().wire() + (partial == failed ? " (target unreachable)" : "") + " after 1 of 2 steps", "partial");
        }

        assertThat(DefectDojoFindings.of(new RunFindings(completed, Severity.INFO, List.of(), List.of()), "1").get("description"))
                .isEqualTo("Findings of run " + completed.id() + " of engagement " + completed.engagementId()
                        + " (real run, status completed, 2 of 2 steps, severity info and above).");
        assertThat(DefectDojoFindings.of(new RunFindings(RUN, Severity.HIGH, List.of(), List.of()), "1").get("description").toString())
                .contains("(real run, status aborted, 1 of 2 steps, severity high and above).", "The run aborted after 1 of 2 steps",
                        "partial");
    }

    @Test
    void aCompletedRunWhoseStepsLeftTargetsUntestedIsPartialInBothExports() {
        Run completed = ended(RunStatus.COMPLETED, 2, null);
        List<StepShortfall> shortfalls = List.of(
                new StepShortfall(0, "fetch_headers", "http.security_headers", Map.of("blocked", 1L)),
                new StepShortfall(1, "query_records", "dns.email_security_records", Map.of("lookups_failed", 2L, "endpoints_failed", 1L)));
        RunFindings findings = new RunFindings(completed, Severity.INFO, List.of(), shortfalls);

        assertThat(findings.complete()).isFalse();
        Map<String, Object> invocation = map(((List<?>) sarifRun(findings).get("invocations")).get(0));
        assertThat(invocation).containsEntry("executionSuccessful", false);
        Map<?, ?> notice = (Map<?, ?>) ((List<?>) invocation.get("toolExecutionNotifications")).get(0);
        assertThat(notice.get("level")).isEqualTo("warning");
        assertThat(((Map<?, ?>) notice.get("message")).get("text").toString()).contains("The run completed, but 2 of its steps",
                "fetch_headers (http.security_headers): blocked 1",
                "query_records (dns.email_security_records): endpoints_failed 1, lookups_failed 2", "do not close findings");
        assertThat(DefectDojoFindings.of(findings, "1").get("description").toString())
                .contains("status completed, 2 of 2 steps", "could not test all of their targets", "blocked 1");
    }

    private static Map<String, Object> sarifRun(RunFindings findings) {
        return map(((List<?>) SarifLog.of(findings, "1").get("runs")).get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void severitiesMapOntoSarifLevelsAndGithubBands() {
        assertThat(SarifLog.level(Severity.CRITICAL)).isEqualTo("error");
        assertThat(SarifLog.level(Severity.MEDIUM)).isEqualTo("warning");
        assertThat(SarifLog.level(Severity.INFO)).isEqualTo("note");
        assertThat(Double.parseDouble(SarifLog.securitySeverity(Severity.CRITICAL))).isGreaterThan(9.0);
        assertThat(Double.parseDouble(SarifLog.securitySeverity(Severity.HIGH))).isBetween(7.0, 8.9);
        assertThat(Double.parseDouble(SarifLog.securitySeverity(Severity.MEDIUM))).isBetween(4.0, 6.9);
        assertThat(Double.parseDouble(SarifLog.securitySeverity(Severity.LOW))).isBetween(0.1, 3.9);
        assertThat(SarifLog.sentence("Open port")).isEqualTo("Open port.");
        assertThat(SarifLog.sentence("Done!")).isEqualTo("Done!");
    }

    @Test
    void defectDojoEndpointsUseItsEndpointFields() {
        assertThat(DefectDojoFindings.endpoint(new FindingTarget("a.example", "10.0.0.1", 8443, "https://a.example:8443/"))
                ).containsExactly(Map.entry("protocol", "https"), Map.entry("host", "a.example"), Map.entry("port", 8443));
        assertThat(DefectDojoFindings.endpoint(new FindingTarget(null, "::1", 22, null)))
                .containsExactly(Map.entry("host", "::1"), Map.entry("port", 22));
        assertThat(DefectDojoFindings.endpoint(new FindingTarget(null, null, null, "http://a.example/a/b?c=d")))
                .containsEntry("path", "a/b").containsEntry("query", "c=d").doesNotContainKey("port");
        assertThat(DefectDojoFindings.severity(Severity.INFO)).isEqualTo("Info");
        assertThat(DefectDojoFindings.severity(Severity.CRITICAL)).isEqualTo("Critical");
    }

    @Test
    void whatATargetSentIsACodeSpanInDefectDojosMarkdownNeverMarkup() {
        NewFinding hostile = new NewFinding("http.methods_and_redirects", "http.methods.allowed", Severity.INFO, "Methods",
                "About methods", new FindingTarget(null, "127.0.0.1", 80, "http://127.0.0.1/"),
                Map.of("allow", "GET, <script>alert(1)</script>, [x](javascript:alert(1)) **bold**",
                        "ticks", "a `b` ``c``", "lines", "one\n\n# Heading"));
        Map<?, ?> item = (Map<?, ?>) ((List<?>) DefectDojoFindings.of(new RunFindings(RUN, Severity.INFO, List.of(stored(hostile)), List.of()), "1")
                .get("findings")).getFirst();
        String steps = (String) item.get("steps_to_reproduce");
        assertThat(steps).contains("- allow: `GET, <script>alert(1)</script>, [x](javascript:alert(1)) **bold**`")
                .contains("- ticks: ``` a `b` ``c`` ```")
                .contains("- lines: `one\\u000a\\u000a# Heading`"); // a target's line breaks are escapes already (Storable)
        assertThat((String) item.get("description")).contains("**Target:** `http://127.0.0.1/`");
        assertThat(DefectDojoFindings.code("`edge`")).isEqualTo("`` `edge` ``");
    }

    @Test
    void formatsAndSeveritiesParseFromTheQueryOrSayWhatIsAllowed() {
        assertThat(ExportFormat.fromWire("format", null)).isEqualTo(ExportFormat.JSON);
        assertThat(ExportFormat.fromWire("format", "sarif")).isEqualTo(ExportFormat.SARIF);
        assertThatThrownBy(() -> ExportFormat.fromWire("format", "SARIF")).isInstanceOf(InvalidInputException.class);
        assertThat(Severity.minimumFromWire("severity", "")).isEqualTo(Severity.INFO);
        assertThat(Severity.minimumFromWire("severity", "high")).isEqualTo(Severity.HIGH);
        assertThatThrownBy(() -> Severity.minimumFromWire("severity", "urgent"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("severity"));
        SeverityCounts counts = new SeverityCounts(Map.of(Severity.LOW, 1L, Severity.CRITICAL, 3L));
        assertThat(counts.describe()).isEqualTo("3 critical, 1 low");
        assertThat(counts.total()).isEqualTo(4);
        assertThat(SeverityCounts.NONE.describe()).isEqualTo("none");
    }
}
