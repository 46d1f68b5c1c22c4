package com.aitesting.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.workflow.InMemoryRuns;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ControlRunTest {
    private final InMemoryRuns db = new InMemoryRuns();
    private final ControlRun control = new ControlRun(db, db, db, db, Clock.fixed(InMemoryRuns.NOW, ZoneOffset.UTC));
    private final Actor operator = new Actor("yered", "yered@example.com", InMemoryRuns.TENANT);
    private final Actor colleague = new Actor("ana", "ana@example.com", InMemoryRuns.TENANT);

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void everyStatusAndActionPairEndsAsSpecified(RunStatus status) {
        for (ControlAction action : ControlAction.values()) {
            InMemoryRuns fresh = new InMemoryRuns();
            fresh.transition(fresh.runId, EnumSet.allOf(RunStatus.class), status, Instant.EPOCH);
            ControlRun sut = new ControlRun(fresh, fresh, fresh, fresh, Clock.fixed(InMemoryRuns.NOW, ZoneOffset.UTC));
            RunStatus expected = expected(status, action);
            if (expected == null) {
                assertThatThrownBy(() -> sut.execute(operator, new ControlRunCommand(fresh.runId, action)))
                        .isInstanceOfSatisfying(ConflictException.class, e -> {
                            assertThat(e.type()).isEqualTo("invalid-transition");
                            assertThat(e.details()).containsEntry("current_status", status.wire());
                        });
                assertThat(fresh.events()).isEmpty();
            } else {
                ControlOutcome outcome = sut.execute(operator, new ControlRunCommand(fresh.runId, action));
                assertThat(outcome.run().status()).as("%s on %s", action, status).isEqualTo(expected);
                assertThat(fresh.events()).hasSize(outcome.changed() ? 1 : 0);
            }
        }
    }

    private static RunStatus expected(RunStatus from, ControlAction action) {
        if (from == RunStatus.ABORTED && action == ControlAction.ABORT) {
            return RunStatus.ABORTED; // the same abort again: accepted, nothing written
        }
        if (from.isTerminal()) {
            return null;
        }
        return switch (action) {
            case PAUSE -> from == RunStatus.RUNNING ? RunStatus.PAUSING
                    : Set.of(RunStatus.PAUSING, RunStatus.PAUSED).contains(from) ? from : null;
            case RESUME -> Set.of(RunStatus.PAUSING, RunStatus.PAUSED).contains(from) ? RunStatus.RUNNING : null;
            case ABORT -> RunStatus.ABORTED;
        };
    }

    @Test
    void theSameResumeTwiceIsAcceptedWithoutASecondEventButResumingARunThatNeverPausedIsAConflict() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.EPOCH);
        assertThatThrownBy(() -> control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME)))
                .isInstanceOf(ConflictException.class);

        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        assertThat(control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME)).changed()).isTrue();
        ControlOutcome again = control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME));

        assertThat(again.changed()).isFalse();
        assertThat(again.run().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(db.types()).containsExactly("run.pause_requested", "run.resumed");
    }

    @Test
    void aPauseOnAPausedRunThatAnotherClientResumedFirstPausesItAgainInsteadOfRefusingIt() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.EPOCH);
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        db.transition(db.runId, Set.of(RunStatus.PAUSING), RunStatus.PAUSED, Instant.EPOCH); // the workflow parked
        control.execute(colleague, new ControlRunCommand(db.runId, ControlAction.RESUME)); // committed first

        ControlOutcome pause = control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));

        assertThat(pause.changed()).isTrue();
        assertThat(pause.run().status()).isEqualTo(RunStatus.PAUSING);
        assertThat(db.types()).containsExactly("run.pause_requested", "run.resumed", "run.pause_requested");
    }

    @Test
    void aResumeOnARunningRunThatAnotherClientPausedFirstResumesItInsteadOfRefusingIt() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.EPOCH);
        control.execute(colleague, new ControlRunCommand(db.runId, ControlAction.PAUSE)); // committed first

        ControlOutcome resume = control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME));

        assertThat(resume.changed()).isTrue();
        assertThat(resume.run().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(db.types()).containsExactly("run.pause_requested", "run.resumed");
    }

    @ParameterizedTest
    @EnumSource(ControlAction.class)
    void everyControlLocksTheRunBeforeItDecidesAndWritesOnceWithoutRetrying(ControlAction action) {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), action == ControlAction.RESUME ? RunStatus.PAUSED : RunStatus.RUNNING,
                Instant.EPOCH);
        db.calls.clear();

        assertThat(control.execute(operator, new ControlRunCommand(db.runId, action)).changed()).isTrue();

        assertThat(db.calls).containsExactly("lock", "transition");
    }

    @Test
    void theActorIsRecordedInTheEvent() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.EPOCH);
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        assertThat(db.events().getFirst().payload()).containsEntry("action", "pause")
                .containsEntry("actor", java.util.Map.of("user", "yered", "email", "yered@example.com"));
    }

    @Test
    void aResumeWhoseEngineCallFailsLeavesTheRunForARetry() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.PAUSED, Instant.EPOCH);
        db.storeTaskToken(db.runId, "token", java.util.Set.of(RunStatus.values()));
        db.engineFailure = new IllegalStateException("engine down");
        assertThatThrownBy(() -> control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME)))
                .hasMessage("engine down");
        // With a real database the transaction rolls back; the fake shows the engine was the last step.
        assertThat(db.engineCalls).isEmpty();
    }

    @Test
    void anAbortIsRecordedEvenWhenTheEngineIsUnreachable() {
        db.transition(db.runId, Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.EPOCH);
        db.recordExecution(db.runId, "arn:exec");
        db.engineFailure = new IllegalStateException("engine down");
        assertThat(control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT)).run().status())
                .isEqualTo(RunStatus.ABORTED);
        assertThat(db.types()).containsExactly("run.aborted");
    }

    @Test
    void unknownActionsAndRunsAreRejected() {
        assertThatThrownBy(() -> ControlRunCommand.parse(db.runId, "stop"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors().getFirst().message()).isEqualTo("must be one of: pause, resume, abort"));
        assertThatThrownBy(() -> control.execute(operator, new ControlRunCommand(RunId.random(), ControlAction.PAUSE)))
                .isInstanceOf(NotFoundException.class);
    }
}
