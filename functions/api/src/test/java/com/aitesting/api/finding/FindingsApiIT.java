package com.aitesting.api.finding;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.RunHistory;
import com.aitesting.api.support.SarifValidator;
import com.aitesting.api.support.TestServer;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresFindingRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The findings API and its exports over HTTP, on findings stored as the real executors' step stores them (through
 * the FindingRepository port on the app role). The SARIF export is checked by the SARIF Multitool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingsApiIT {
    private TestServer server;
    private Api alice;
    private Api bob;
    private PostgresFindingRepository findings;
    private PostgresTransactions transactions;
    private String engagement;
    private String firstRun;
    private String secondRun;

    @BeforeAll
    void start() {
        server = TestServer.start();
        alice = new Api(server, "t_alice");
        bob = new Api(server, "t_bob");
        transactions = new PostgresTransactions(server.database().appDataSource());
        findings = new PostgresFindingRepository(transactions);
        engagement = alice.createEngagement().path("id").asText();
        String plan = alice.createPlan(engagement).path("id").asText();
        firstRun = alice.startRun(engagement, plan).path("id").asText();
        secondRun = alice.startRun(engagement, plan).path("id").asText();
        for (NewFinding f : List.of(openPort(22), openPort(23), expiredCertificate(), missingHsts())) {
            store(firstRun, f);
        }
        for (NewFinding f : List.of(openPort(22), expiredCertificate(), missingHsts(), zoneTransfer())) {
            store(secondRun, f);
        }
        // exports are of real runs that ended (FindingExportsIT): both ran every step for real
        RunHistory.complete(server, "t_alice", firstRun, RunMode.REAL);
        RunHistory.complete(server, "t_alice", secondRun, RunMode.REAL);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void store(String run, NewFinding finding) {
        transactions.inTenant(new TenantId("t_alice"), () -> findings.insert(new RunId(UUID.fromString(run)), 1, finding));
    }

    static NewFinding openPort(int port) {
        return new NewFinding("network.nmap.tcp_top_1000", "network.port.open", Severity.INFO, "Open TCP port " + port,
                "TCP port " + port + " accepted a connection", new FindingTarget(null, "127.0.0.1", port, null),
                Map.of("answered", "connection accepted"));
    }

    static NewFinding expiredCertificate() {
        return new NewFinding("tls.certificate_check", "tls.certificate.expired", Severity.HIGH, "Certificate expired",
                "The server's certificate expired on 2026-01-01.", new FindingTarget("localhost", "127.0.0.1", 8443, null),
                Map.of("not_after", "2026-01-01T00:00:00Z", "subject", "CN=localhost"));
    }

    static NewFinding missingHsts() {
        return new NewFinding("http.security_headers", "http.header.hsts_missing", Severity.MEDIUM,
                "Strict-Transport-Security missing", "The HTTPS response sets no HSTS header; browsers may be downgraded to http.",
                new FindingTarget("localhost", "127.0.0.1", 8443, "https://localhost:8443/login?next=%2F"),
                Map.of("status", 200, "headers", Map.of("content-type", "text/html; charset=utf-8")));
    }

    static NewFinding zoneTransfer() {
        return new NewFinding("dns.zone_transfer_check", "dns.axfr.allowed", Severity.CRITICAL, "Zone transfer allowed",
                "The name server answered AXFR for the zone — anyone can list every record.",
                new FindingTarget("example.com", null, null, null), Map.of("records", 42, "server", "127.0.0.53"));
    }

    @Test
    void aRunsFindingsAreListedMostSevereFirstWithTargetAndEvidence() {
        TestServer.Response r = alice.get("/v1/tests/" + secondRun + "/findings");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode list = r.json();
        assertThat(list).hasSize(4);
        assertThat(texts(list, "severity")).containsExactly("critical", "high", "medium", "info");
        JsonNode hsts = list.get(2);
        assertThat(hsts.path("run_id").asText()).isEqualTo(secondRun);
        assertThat(hsts.path("rule_id").asText()).isEqualTo("http.header.hsts_missing");
        assertThat(hsts.path("test_id").asText()).isEqualTo("http.security_headers");
        assertThat(hsts.path("step_index").asInt()).isEqualTo(1);
        assertThat(hsts.path("target").path("url").asText()).isEqualTo("https://localhost:8443/login?next=%2F");
        assertThat(hsts.path("target").path("port").asInt()).isEqualTo(8443);
        assertThat(hsts.path("evidence").path("headers").path("content-type").asText()).startsWith("text/html");
        assertThat(hsts.path("fingerprint").asText()).isEqualTo(missingHsts().fingerprint());
        assertThat(hsts.path("created_at").asText()).isNotBlank();
    }

    @Test
    void theSeverityFilterIsAMinimum() {
        assertThat(texts(alice.get("/v1/tests/" + secondRun + "/findings?severity=high").json(), "severity"))
                .containsExactly("critical", "high");
        assertThat(alice.get("/v1/tests/" + secondRun + "/findings?severity=info").json()).hasSize(4);
        assertThat(alice.get("/v1/tests/" + firstRun + "/findings?severity=critical").json()).isEmpty();
    }

    @Test
    void aBadSeverityOrFormatIsAValidationProblem() {
        JsonNode p = assertProblem(alice.get("/v1/tests/" + secondRun + "/findings?severity=severe"), 400, "validation");
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("severity");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("info, low, medium, high, critical");
        JsonNode f = assertProblem(alice.get("/v1/tests/" + secondRun + "/findings?format=pdf"), 400, "validation");
        assertThat(f.path("errors").get(0).path("field").asText()).isEqualTo("format");
        assertThat(f.path("errors").get(0).path("message").asText()).contains("json, sarif, defectdojo");
        assertProblem(alice.get("/v1/engagements/" + engagement + "/findings?severity=HIGH"), 400, "validation");
    }

    @Test
    void anotherTenantsRunOrEngagementHasNoFindingsToShow() {
        assertProblem(bob.get("/v1/tests/" + secondRun + "/findings"), 404, "not-found");
        assertProblem(bob.get("/v1/tests/" + secondRun + "/findings?format=sarif"), 404, "not-found");
        assertProblem(bob.get("/v1/engagements/" + engagement + "/findings"), 404, "not-found");
        assertProblem(alice.get("/v1/tests/" + UUID.randomUUID() + "/findings"), 404, "not-found");
        assertProblem(alice.get("/v1/tests/not-a-uuid/findings"), 404, "not-found");
    }

    @Test
    void anEngagementListsEachIssueOnceWithFirstAndLastSighting() {
        TestServer.Response r = alice.get("/v1/engagements/" + engagement + "/findings");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode issues = r.json();
        assertThat(issues).hasSize(5); // ports 22 and 23, the certificate, HSTS, the zone transfer
        assertThat(texts(issues, "severity")).containsExactly("critical", "high", "medium", "info", "info");
        JsonNode ssh = find(issues, "Open TCP port 22");
        assertThat(ssh.path("first_seen").path("run_id").asText()).isEqualTo(firstRun);
        assertThat(ssh.path("last_seen").path("run_id").asText()).isEqualTo(secondRun);
        assertThat(ssh.path("run_id").asText()).isEqualTo(secondRun);
        assertThat(ssh.path("runs_seen").asInt()).isEqualTo(2);
        assertThat(ssh.path("first_seen").path("at").asText()).isLessThan(ssh.path("last_seen").path("at").asText());
        JsonNode telnet = find(issues, "Open TCP port 23");
        assertThat(telnet.path("last_seen").path("run_id").asText()).isEqualTo(firstRun);
        assertThat(telnet.path("runs_seen").asInt()).isEqualTo(1);
        JsonNode axfr = find(issues, "Zone transfer allowed");
        assertThat(axfr.path("first_seen").path("run_id").asText()).isEqualTo(secondRun);
        assertThat(alice.get("/v1/engagements/" + engagement + "/findings?severity=medium").json()).hasSize(3);
    }

    @Test
    void theSarifExportIsAValidSarif210LogWithStableRulesAndFingerprints() {
        TestServer.Response r = alice.get("/v1/tests/" + secondRun + "/findings?format=sarif");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/sarif+json");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"ai-testing-run-" + secondRun + ".sarif\"");

        SarifValidator.Report report = SarifValidator.validate(r.body());
        assertThat(report.errors()).as("SARIF Multitool errors:\n%s", report.output()).isEmpty();
        // the only advice left: SARIF2017 asks for a text region, which a network target (not a file) has none of
        assertThat(report.warnings()).as("SARIF Multitool warnings:\n%s", report.output())
                .allSatisfy(w -> assertThat(w).contains("warning SARIF2017"));

        JsonNode log = r.json();
        assertThat(log.path("version").asText()).isEqualTo("2.1.0");
        JsonNode run = log.path("runs").get(0);
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(texts(rules, "id")).containsExactly("dns.axfr.allowed", "tls.certificate.expired",
                "http.header.hsts_missing", "network.port.open");
        assertThat(rules.get(0).path("properties").path("security-severity").asText()).isEqualTo("9.5");
        assertThat(rules.get(1).path("properties").path("security-severity").asText()).isEqualTo("8.0");
        assertThat(rules.get(2).path("properties").path("security-severity").asText()).isEqualTo("5.5");
        assertThat(rules.get(3).path("properties").path("security-severity").asText()).isEqualTo("0.0");
        JsonNode results = run.path("results");
        assertThat(results).hasSize(4);
        JsonNode hsts = results.get(2);
        assertThat(hsts.path("ruleId").asText()).isEqualTo("http.header.hsts_missing");
        assertThat(hsts.path("ruleIndex").asInt()).isEqualTo(2);
        assertThat(hsts.path("level").asText()).isEqualTo("warning");
        assertThat(hsts.path("partialFingerprints").path("aiTestingFingerprint/v1").asText()).isEqualTo(missingHsts().fingerprint());
        assertThat(hsts.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("https://localhost:8443/login?next=%2F");
        assertThat(results.get(3).path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("tcp://127.0.0.1:22");
        assertThat(results.get(0).path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("dns:example.com");
        assertThat(run.path("automationDetails").path("id").asText()).isEqualTo("ai-testing/" + engagement + "/" + secondRun);

        // the same issue in the next run keeps its rule id and fingerprint
        JsonNode earlier = alice.get("/v1/tests/" + firstRun + "/findings?format=sarif").json().path("runs").get(0).path("results");
        assertThat(find(earlier, "ruleId", "http.header.hsts_missing").path("partialFingerprints")).isEqualTo(hsts.path("partialFingerprints"));
    }

    @Test
    void anEmptySarifExportIsStillAValidLog() {
        TestServer.Response r = alice.get("/v1/tests/" + firstRun + "/findings?format=sarif&severity=critical");
        assertThat(r.json().path("runs").get(0).path("results")).isEmpty();
        SarifValidator.Report report = SarifValidator.validate(r.body());
        assertThat(report.errors()).as("SARIF Multitool errors:\n%s", report.output()).isEmpty();
    }

    @Test
    void theDefectDojoExportIsGenericFindingsImportJson() {
        TestServer.Response r = alice.get("/v1/tests/" + secondRun + "/findings?format=defectdojo");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"ai-testing-run-" + secondRun + "-defectdojo.json\"");
        JsonNode report = r.json();
        assertThat(report.path("type").asText()).isEqualTo("ai-testing");
        JsonNode items = report.path("findings");
        assertThat(items).hasSize(4);
        assertThat(texts(items, "severity")).containsExactly("Critical", "High", "Medium", "Info");
        // DefectDojo refuses any field outside its list: only known ones, and the three it requires
        List<String> allowed = List.of("title", "severity", "description", "steps_to_reproduce", "date", "unique_id_from_tool", "vuln_id_from_tool",
                "active", "verified", "static_finding", "dynamic_finding", "tags", "endpoints");
        for (JsonNode item : items) {
            List<String> names = new ArrayList<>();
            item.fieldNames().forEachRemaining(names::add);
            assertThat(allowed).containsAll(names);
            assertThat(names).contains("title", "severity", "description", "unique_id_from_tool", "endpoints");
            assertThat(item.path("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        JsonNode hsts = items.get(2);
        assertThat(hsts.path("unique_id_from_tool").asText()).isEqualTo(missingHsts().fingerprint());
        assertThat(hsts.path("vuln_id_from_tool").asText()).isEqualTo("http.header.hsts_missing");
        assertThat(hsts.path("description").asText()).contains("HSTS", "https://localhost:8443/login").doesNotContain("status: 200");
        assertThat(hsts.path("steps_to_reproduce").asText()).contains("http.security_headers", "**Observed:**", "status: `200`");
        // what changes between runs (the evidence) stays out of the description DefectDojo hashes
        JsonNode earlier = alice.get("/v1/tests/" + firstRun + "/findings?format=defectdojo").json().path("findings");
        assertThat(find(earlier, "vuln_id_from_tool", "http.header.hsts_missing").path("description"))
                .isEqualTo(hsts.path("description"));
        JsonNode endpoint = hsts.path("endpoints").get(0);
        assertThat(endpoint.path("protocol").asText()).isEqualTo("https");
        assertThat(endpoint.path("host").asText()).isEqualTo("localhost");
        assertThat(endpoint.path("port").asInt()).isEqualTo(8443);
        assertThat(endpoint.path("path").asText()).isEqualTo("login");
        assertThat(endpoint.path("query").asText()).isEqualTo("next=%2F");
        JsonNode port = items.get(3).path("endpoints").get(0);
        assertThat(port.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(port.path("port").asInt()).isEqualTo(22);
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    private static JsonNode find(JsonNode array, String title) {
        return find(array, "title", title);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no element with " + field + " " + value + " in " + array));
    }
}
