package com.aitesting.core.run;

import static com.aitesting.core.run.RunLifecycle.Verdict.ALREADY_THERE;
import static com.aitesting.core.run.RunLifecycle.Verdict.MOVE;
import static com.aitesting.core.run.RunLifecycle.Verdict.REFUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.run.RunLifecycle.AtPark;
import com.aitesting.core.run.RunLifecycle.AtStepBoundary;
import com.aitesting.core.run.RunLifecycle.Effect;
import com.aitesting.core.run.RunLifecycle.Transition;
import com.aitesting.core.run.RunLifecycle.Verdict;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {
    private static final Map<RunStatus, Verdict[]> CONTROLS = Map.of(
            // status             pause          resume (never resumed)  abort
            RunStatus.QUEUED, new Verdict[] {REFUSED, REFUSED, MOVE},
            RunStatus.RUNNING, new Verdict[] {MOVE, REFUSED, MOVE},
            RunStatus.PAUSING, new Verdict[] {ALREADY_THERE, MOVE, MOVE},
            RunStatus.PAUSED, new Verdict[] {ALREADY_THERE, MOVE, MOVE},
            RunStatus.COMPLETED, new Verdict[] {REFUSED, REFUSED, REFUSED},
            RunStatus.FAILED, new Verdict[] {REFUSED, REFUSED, REFUSED},
            RunStatus.ABORTED, new Verdict[] {REFUSED, REFUSED, ALREADY_THERE});

    @Test
    void everyControlOnEveryStatusHasTheDocumentedVerdict() {
        for (RunStatus status : RunStatus.values()) {
            Verdict[] expected = CONTROLS.get(status);
            assertThat(RunLifecycle.control(Transition.PAUSE, status, false)).as("pause on %s", status).isEqualTo(expected[0]);
            assertThat(RunLifecycle.control(Transition.RESUME, status, false)).as("resume on %s", status).isEqualTo(expected[1]);
            assertThat(RunLifecycle.control(Transition.ABORT, status, false)).as("abort on %s", status).isEqualTo(expected[2]);
        }
        assertThat(RunLifecycle.control(Transition.RESUME, RunStatus.RUNNING, true)).as("the same resume again").isEqualTo(ALREADY_THERE);
        assertThatThrownBy(() -> RunLifecycle.control(Transition.COMPLETE, RunStatus.PAUSED, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAbortWhilePausedEndsTheRunAbortedAndEndsTheParkedWorkflow() {
        Transition abort = Transition.ABORT;
        assertThat(abort.appliesTo(RunStatus.PAUSED)).isTrue();
        assertThat(abort.to()).isEqualTo(RunStatus.ABORTED);
        assertThat(abort.event()).isEqualTo(RunEventType.RUN_ABORTED);
        assertThat(abort.effect()).isEqualTo(Effect.END_WORKFLOW);
        assertThat(RunLifecycle.atPark(RunStatus.ABORTED)).isEqualTo(AtPark.END_NOW);
        assertThat(RunLifecycle.atStepBoundary(RunStatus.ABORTED)).isEqualTo(AtStepBoundary.ABORT);
    }

    @Test
    void noTransitionLeavesAFinalStatusAndEachEndEventIsWrittenOnlyByAMoveIntoAFinalStatus() {
        for (Transition t : Transition.values()) {
            assertThat(t.from()).as("%s starts from a final status", t).doesNotContainAnyElementsOf(RunLifecycle.ENDED);
            assertThat(RunLifecycle.isEndEvent(t.event())).as("%s writes an end event", t).isEqualTo(RunLifecycle.isEnded(t.to()));
        }
        assertThat(RunLifecycle.ACTIVE).containsExactlyInAnyOrder(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.PAUSING, RunStatus.PAUSED);
        assertThat(Arrays.stream(Transition.values()).map(Transition::event).filter(RunLifecycle::isEndEvent))
                .containsOnlyElementsOf(RunLifecycle.END_EVENTS);
    }

    @Test
    void oneOffEventsAreKeyedByTheirTypeAndRepeatableOnesByTheSeqTheyAreAboutToGet() {
        Run locked = new Run(RunId.random(), new TenantId("t"), EngagementId.random(), PlanId.random(), RunStatus.RUNNING,
                RunMode.REAL, 6, 0, null, 0, null, Instant.EPOCH, null, null, null, 41);
        assertThat(Transition.BEGIN.key(locked)).isEqualTo("run.started");
        assertThat(Transition.ABORT.key(locked)).isEqualTo("run.aborted");
        assertThat(Transition.NOT_LAUNCHED.key(locked)).isEqualTo("run.failed");
        assertThat(Transition.PAUSE.key(locked)).isEqualTo("run.pause_requested:42");
        assertThat(Transition.RESUME.key(locked)).isEqualTo("run.resumed:42");
        assertThat(RunLifecycle.stepKey(RunEventType.STEP_STARTED, 3)).isEqualTo("step.started:3");
        assertThat(RunLifecycle.progressKey(3, 2)).isEqualTo("step.progress:3:2");
    }

    @Test
    void afterTheEndOnlyAuditEventsAreAdmittedAndAFinalStatusAdmitsOnlyItsEndEvent() {
        NewRunEvent step = new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "step.progress:0:1");
        NewRunEvent aborted = new NewRunEvent(RunEventType.RUN_ABORTED, Map.of(), "run.aborted");
        NewRunEvent failed = new NewRunEvent(RunEventType.RUN_FAILED, Map.of(), "run.failed");
        NewRunEvent notice = new NewRunEvent(RunEventType.NOTIFICATION_FAILED, Map.of(), "notification.failed:aborted");
        Set<String> ended = Set.of("run.queued", "run.aborted");

        assertThat(guard(step).admits(step, RunStatus.ABORTED, Set.of("run.queued")::contains)).as("step after the status ended").isFalse();
        assertThat(guard(aborted).admits(aborted, RunStatus.ABORTED, Set.of("run.queued")::contains)).as("the end event itself").isTrue();
        assertThat(guard(failed).admits(failed, RunStatus.ABORTED, ended::contains)).as("a second end event").isFalse();
        assertThat(guard(step).admits(step, RunStatus.RUNNING, ended::contains)).as("step after the end event").isFalse();
        assertThat(guard(notice).admits(notice, RunStatus.ABORTED, ended::contains)).as("audit after the end").isTrue();
        assertThat(guard(notice).admits(notice, RunStatus.ABORTED, Set.of(notice.idempotencyKey())::contains)).as("same key").isFalse();
        assertThat(guard(step).admits(step, RunStatus.RUNNING, Set.of("run.queued")::contains)).isTrue();
    }

    private static AppendGuard guard(NewRunEvent event) {
        return RunLifecycle.guard(event.type());
    }
}
