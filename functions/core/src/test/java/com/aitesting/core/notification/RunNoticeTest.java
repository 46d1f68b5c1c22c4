package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunNoticeTest {
    static final TenantId TENANT = new TenantId("t_demo");
    static final RunId RUN = RunId.random();
    static final Instant T0 = Instant.parse("2025-05-01T10:00:00Z");

    static Run run(RunStatus status, int done, String failureReason, Instant finishedAt) {
        return new Run(RUN, TENANT, EngagementId.random(), PlanId.random(), status, RunMode.REAL, 2, done, null,
                done * 50, "arn:exec", T0, T0.plusSeconds(1), finishedAt, failureReason, 10);
    }

    static ExecutionStatusChange change(ExecutionStatus status, String error, String cause) {
        return new ExecutionStatusChange("evt-1", "arn:exec", status, TENANT, RUN, T0, T0.plusSeconds(99), error, cause);
    }

    static RunEvent event(long seq, String type, Map<String, Object> payload, Instant at) {
        return new RunEvent(RUN, seq, type, payload, at);
    }

    static List<RunEvent> completedHistory() {
        List<RunEvent> history = new ArrayList<>();
        history.add(event(1, "run.queued", Map.of(), T0));
        history.add(event(2, "run.started", Map.of(), T0.plusSeconds(1)));
        history.add(event(3, "step.completed", Map.of("step_index", 0, "title", "Ping sweep",
                "summary", "12 hosts up in 10.0.0.0/24"), T0.plusSeconds(30)));
        history.add(event(4, "step.completed", Map.of("step_index", 1,
                "summary", Map.of("open_ports", List.of(22, 443))), T0.plusSeconds(60)));
        history.add(event(5, "run.completed", Map.of(), T0.plusSeconds(61)));
        return history;
    }

    @Test
    void runningExecutionAnnouncesStartWithPlannedSteps() {
        RunNotice notice = RunNotice.decide(change(ExecutionStatus.RUNNING, null, null),
                run(RunStatus.RUNNING, 0, null, null), List.of()).orElseThrow();

        assertThat(notice.transition()).isEqualTo(Transition.STARTED);
        assertThat(notice.stepsTotal()).isEqualTo(2);
    }

    @Test
    void completedRunHasDurationStepsAndSummaries() {
        RunNotice notice = RunNotice.decide(change(ExecutionStatus.SUCCEEDED, null, null),
                run(RunStatus.COMPLETED, 2, null, T0.plusSeconds(61)), completedHistory()).orElseThrow();

        assertThat(notice.transition()).isEqualTo(Transition.COMPLETED);
        assertThat(notice.duration()).contains(Duration.ofSeconds(60));
        assertThat(notice.stepsCompleted()).isEqualTo(2);
        assertThat(notice.steps()).containsExactly(
                new RunNotice.StepResult("Ping sweep", "12 hosts up in 10.0.0.0/24"),
                new RunNotice.StepResult("Step 2", "open_ports: 22 443"));
    }

    @Test
    void nestedSummaryFactsReadAsPairsNotAsJavaCollections() {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("hosts", Map.of("up", 3));
        details.put("ports", List.of(Map.of("port", 22), Map.of("port", 443)));
        details.put("notes", List.of());
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("mode", "simulated");
        summary.put("details", details);
        List<RunEvent> history = List.of(event(1, "run.queued", Map.of(), T0),
                event(2, "step.completed", Map.of("step_index", 0, "summary", summary), T0.plusSeconds(9)),
                event(3, "run.completed", Map.of(), T0.plusSeconds(10)));

        RunNotice notice = RunNotice.decide(change(ExecutionStatus.SUCCEEDED, null, null),
                run(RunStatus.COMPLETED, 1, null, T0.plusSeconds(10)), history).orElseThrow();

        assertThat(notice.steps()).extracting(RunNotice.StepResult::summary).containsExactly(
                "mode: simulated, details: (hosts: (up: 3), ports: (port: 22) (port: 443), notes: none)");
    }

    @Test
    void succeededExecutionOfAnAbortedRunIsAnAbortWithTheActor() {
        List<RunEvent> history = List.of(event(1, "run.queued", Map.of(), T0),
                event(2, "run.aborted", Map.of("actor", Map.of("user", "yered", "email", "yered@example.com")), T0.plusSeconds(5)));

        RunNotice notice = RunNotice.decide(change(ExecutionStatus.SUCCEEDED, null, null),
                run(RunStatus.ABORTED, 0, null, T0.plusSeconds(5)), history).orElseThrow();

        assertThat(notice.transition()).isEqualTo(Transition.ABORTED);
        assertThat(notice.abortedBy()).isEqualTo("yered (yered@example.com)");
    }

    @Test
    void failedRunCarriesTheRunsReasonNotTheExecutionsError() {
        RunNotice notice = RunNotice.decide(change(ExecutionStatus.FAILED, "Run.Failed", "see run.failed"),
                run(RunStatus.FAILED, 1, "Step 2 (nmap) failed: target unreachable", T0.plusSeconds(9)),
                List.of(event(1, "run.failed", Map.of("reason", "other"), T0.plusSeconds(9)))).orElseThrow();

        assertThat(notice.transition()).isEqualTo(Transition.FAILED);
        assertThat(notice.reason()).isEqualTo("Step 2 (nmap) failed: target unreachable");
    }

    @Test
    void anExecutionStoppedOrTimedOutAroundItsRunIsAnnouncedAsTheFailureTheRunRecords() {
        // EndRunWithExecution fails the run first; the notice reports what the run recorded
        String stopped = RunFailure.EXECUTION_STOPPED.reason("3f1c2a7b-1d2e");
        RunNotice notice = RunNotice.decide(change(ExecutionStatus.ABORTED, null, null),
                run(RunStatus.FAILED, 1, stopped, T0.plusSeconds(50)), List.of()).orElseThrow();

        assertThat(notice.transition()).isEqualTo(Transition.FAILED);
        assertThat(notice.reason()).isEqualTo(stopped);
        assertThat(notice.finishedAt()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void anExecutionsOwnErrorAndCauseNeverBecomeTheReason() {
        String cause = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[\"a.B.c(B.java:1)\"]}";
        for (ExecutionStatus status : List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED)) {
            assertThat(RunNotice.decide(change(status, "java.lang.IllegalStateException", cause),
                    run(RunStatus.PAUSED, 1, null, null), List.of()))
                    .as("an active run is announced once it has ended, never from the execution's error").isEmpty();
            RunNotice failed = RunNotice.decide(change(status, "java.lang.IllegalStateException", cause),
                    run(RunStatus.FAILED, 1, null, T0.plusSeconds(9)), List.of()).orElseThrow();
            assertThat(failed.reason()).doesNotContain("IllegalStateException", "stackTrace", "boom");
        }
    }

    @Test
    void redriveAndUnexplainedSuccessAnnounceNothing() {
        assertThat(RunNotice.decide(change(ExecutionStatus.PENDING_REDRIVE, null, null),
                run(RunStatus.FAILED, 0, "x", T0), List.of())).isEmpty();
        assertThat(RunNotice.decide(change(ExecutionStatus.SUCCEEDED, null, null),
                run(RunStatus.RUNNING, 0, null, null), List.of())).isEmpty();
    }
}
