package com.aitesting.api.finding;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.RunHistory;
import com.aitesting.api.support.SarifValidator;
import com.aitesting.api.support.TestServer;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresFindingRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which runs export, over HTTP. DefectDojo's reimport with close_old_findings and a GitHub code-scanning upload
 * both take an export for the whole truth, so only a real run that ended exports (saying its mode and status,
 * and when it failed or was aborted, that it is partial); a simulated run, a run that tested nothing and a run
 * still under way are a 409 saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindingExportsIT {
    private static final String TENANT = "t_exports";
    private static final List<String> EXPORTS = List.of("sarif", "defectdojo");

    private TestServer server;
    private Api api;
    private PostgresTransactions transactions;
    private PostgresFindingRepository findings;
    private String engagement;
    private String plan;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = new Api(server, TENANT);
        transactions = new PostgresTransactions(server.database().appDataSource());
        findings = new PostgresFindingRepository(transactions);
        engagement = api.createEngagement().path("id").asText();
        plan = api.createPlan(engagement).path("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A new run, its first {@code steps} steps completed in {@code mode}, left in {@code status}, with {@code found} stored. */
    private String run(RunMode mode, int steps, RunStatus status, NewFinding... found) {
        String run = api.startRun(engagement, plan).path("id").asText();
        for (NewFinding f : found) {
            transactions.inTenant(new TenantId(TENANT), () -> findings.insert(new RunId(UUID.fromString(run)), 0, f));
        }
        RunHistory.advance(server, TENANT, run, mode, steps, status);
        return run;
    }

    private TestServer.Response export(String run, String format) {
        return api.get("/v1/tests/" + run + "/findings?format=" + format);
    }

    @Test
    void aSimulatedRunIsNotExportedBecauseNoFindingsWouldReadAsACleanScan() {
        for (RunStatus status : List.of(RunStatus.COMPLETED, RunStatus.RUNNING)) {
            String run = run(RunMode.SIMULATED, status == RunStatus.COMPLETED ? RunHistory.ALL : 1, status);
            for (String format : EXPORTS) {
                JsonNode p = assertProblem(export(run, format), 409, "nothing-tested");
                assertThat(p.path("run_mode").asText()).isEqualTo("simulated");
                assertThat(p.path("run_status").asText()).isEqualTo(status.wire());
                assertThat(p.path("detail").asText()).contains("simulated", "clean scan", "SIMULATE_PROGRESS=false");
            }
            // the list is a view, not an import: it still answers, empty
            assertThat(api.get("/v1/tests/" + run + "/findings").json()).isEmpty();
        }
    }

    @Test
    void aRunThatHasNotEndedIsNotExportedYetButItsListShowsWhatItFoundSoFar() {
        for (RunStatus status : List.of(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSING, RunStatus.PAUSED)) {
            String run = status == RunStatus.QUEUED
                    ? run(RunMode.REAL, 0, status)
                    : run(RunMode.REAL, 1, status, FindingsApiIT.openPort(22));
            for (String format : EXPORTS) {
                JsonNode p = assertProblem(export(run, format), 409, "run-not-finished");
                assertThat(p.path("run_status").asText()).isEqualTo(status.wire());
                assertThat(p.path("detail").asText()).contains("is " + status.wire(), "once it has ended");
            }
            assertThat(api.get("/v1/tests/" + run + "/findings").json()).hasSize(status == RunStatus.QUEUED ? 0 : 1);
        }
    }

    @Test
    void aCompletedRunWhoseStepsCouldNotTestEverythingIsExportedAsPartial() {
        String run = api.startRun(engagement, plan).path("id").asText();
        RunHistory.advance(server, TENANT, run, RunMode.REAL, RunHistory.ALL, RunStatus.COMPLETED,
                Map.of("blocked", 1, "lookups_failed", 2, "ports_open", 3));

        JsonNode sarif = export(run, "sarif").json();
        JsonNode invocation = sarif.path("runs").path(0).path("invocations").path(0);
        assertThat(invocation.path("executionSuccessful").asBoolean(true)).isFalse();
        JsonNode notice = invocation.path("toolExecutionNotifications").path(0);
        assertThat(notice.path("level").asText()).isEqualTo("warning");
        assertThat(notice.path("message").path("text").asText()).contains("The run completed, but", "step0 (network.nmap.tcp_top_1000): "
                + "blocked 1, lookups_failed 2").doesNotContain("ports_open");
        assertThat(export(run, "defectdojo").json().path("description").asText()).contains("could not test all of their targets");
    }

    @Test
    void aRunThatEndedBeforeAnyStepFinishedAndStoredNothingTestedNothing() {
        String run = run(RunMode.REAL, 0, RunStatus.ABORTED);
        for (String format : EXPORTS) {
            JsonNode p = assertProblem(export(run, format), 409, "nothing-tested");
            assertThat(p.path("run_status").asText()).isEqualTo("aborted");
            assertThat(p.path("run_mode").asText()).as("known since it was queued").isEqualTo("real");
            assertThat(p.path("detail").asText()).contains("before any step finished");
        }
    }

    @Test
    void aCompletedRealRunWithoutFindingsExportsAsAWholeCleanScan() {
        String run = run(RunMode.REAL, RunHistory.ALL, RunStatus.COMPLETED);
        TestServer.Response sarif = export(run, "sarif");
        assertThat(sarif.status()).as("%s", sarif).isEqualTo(200);
        JsonNode sarifRun = sarif.json().path("runs").get(0);
        assertThat(sarifRun.path("results")).isEmpty();
        assertThat(sarifRun.path("properties").path("run_mode").asText()).isEqualTo("real");
        assertThat(sarifRun.path("properties").path("run_status").asText()).isEqualTo("completed");
        JsonNode invocation = sarifRun.path("invocations").get(0);
        assertThat(invocation.path("executionSuccessful").asBoolean()).isTrue();
        assertThat(invocation.path("endTimeUtc").asText()).isNotBlank();
        assertThat(invocation.has("toolExecutionNotifications")).isFalse();

        JsonNode dojo = export(run, "defectdojo").json();
        assertThat(dojo.path("findings")).isEmpty();
        assertThat(dojo.path("description").asText()).contains("(real run, status completed, 6 of 6 steps").doesNotContain("partial");
    }

    @Test
    void anAbortedOrFailedRealRunExportsWhatItFoundMarkedPartial() {
        for (RunStatus status : List.of(RunStatus.ABORTED, RunStatus.FAILED)) {
            String run = run(RunMode.REAL, 1, status, FindingsApiIT.openPort(22), FindingsApiIT.missingHsts());
            TestServer.Response sarif = export(run, "sarif");
            assertThat(sarif.status()).as("%s", sarif).isEqualTo(200);
            SarifValidator.Report report = SarifValidator.validate(sarif.body());
            assertThat(report.errors()).as("SARIF Multitool errors:\n%s", report.output()).isEmpty();
            assertThat(report.warnings()).as("SARIF Multitool warnings:\n%s", report.output())
                    .allSatisfy(w -> assertThat(w).contains("warning SARIF2017"));

            JsonNode sarifRun = sarif.json().path("runs").get(0);
            assertThat(sarifRun.path("results")).hasSize(2);
            assertThat(sarifRun.path("properties").path("run_mode").asText()).isEqualTo("real");
            assertThat(sarifRun.path("properties").path("run_status").asText()).isEqualTo(status.wire());
            assertThat(sarifRun.path("properties").path("completed_steps").asInt()).isEqualTo(1);
            assertThat(sarifRun.path("properties").path("total_steps").asInt()).isEqualTo(6);
            JsonNode invocation = sarifRun.path("invocations").get(0);
            assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
            assertThat(invocation.path("endTimeUtc").asText()).isNotBlank();
            String notice = invocation.path("toolExecutionNotifications").get(0).path("message").path("text").asText();
            assertThat(notice).contains(status.wire(), "after 1 of 6 steps", "partial");
            if (status == RunStatus.FAILED) {
                assertThat(notice).contains("the target stopped answering");
            }

            JsonNode dojo = export(run, "defectdojo").json();
            assertThat(dojo.path("findings")).hasSize(2);
            assertThat(dojo.path("description").asText())
                    .contains("(real run, status " + status.wire() + ", 1 of 6 steps", "partial", "do not close findings");
        }
    }

    @Test
    void anEngagementHasNoExportOnlyItsRunsDo() {
        JsonNode p = assertProblem(api.get("/v1/engagements/" + engagement + "/findings?format=sarif"), 400, "validation");
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("format");
    }
}
