package com.aitesting.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.control.ControlRun;
import com.aitesting.core.control.ControlRunCommand;
import com.aitesting.core.notification.ExecutionStatus;
import com.aitesting.core.notification.ExecutionStatusChange;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunLifecycle.AtStepBoundary;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.simulation.StepSimulator;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WorkflowUseCasesTest {
    private final InMemoryRuns db = new InMemoryRuns();
    private final Clock clock = Clock.fixed(InMemoryRuns.NOW.plusSeconds(90), ZoneOffset.UTC);
    private final BeginRun begin = new BeginRun(db, db, db, db, clock);
    private final Checkpoint checkpoint = new Checkpoint(db, db);
    private final ParkRun park = new ParkRun(db, db, db, db, clock);
    private final ExecuteStep execute = new ExecuteStep(db, db, db, db, db, new StepSimulator(), Duration.ZERO);
    private final CompleteRun complete = new CompleteRun(db, db, db, clock);
    private final FailRun fail = new FailRun(db, db, db, clock);
    private final ControlRun control = new ControlRun(db, db, db, db, clock);
    private final Actor operator = new Actor("yered", "yered@example.com", InMemoryRuns.TENANT);

    @Test
    void aRunDrivenLikeTheStateMachineWritesEveryEventOnceWithGapFreeSeqs() {
        int steps = begin.execute(new BeginRun.Command(db.task(), "arn:exec")).size();
        for (int i = 0; i < steps; i++) {
            assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.CONTINUE);
            assertThat(execute.execute(new ExecuteStep.Command(db.task(), i))).isEqualTo(ExecuteStep.Outcome.COMPLETED);
        }
        CompleteRun later = new CompleteRun(db, db, db, Clock.offset(clock, Duration.ofSeconds(90)));
        assertThat(later.execute(db.task())).isEqualTo(CompleteRun.Outcome.COMPLETED);

        assertThat(db.types().getFirst()).isEqualTo("run.started");
        assertThat(db.types().getLast()).isEqualTo("run.completed");
        assertThat(db.types().stream().filter("step.started"::equals)).hasSize(6);
        assertThat(db.types().stream().filter("step.completed"::equals)).hasSize(6);
        assertThat(db.events().stream().mapToLong(RunEvent::seq)).containsExactlyElementsOf(LongStream.rangeClosed(1, db.events().size()).boxed().toList());
        assertThat(db.run().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(db.run().percent()).isEqualTo(100);
        assertThat(db.run().completedSteps()).isEqualTo(6);
        assertThat(db.run().currentStepIndex()).isNull();
        assertThat(db.run().executionId()).isEqualTo("arn:exec");
        assertThat(db.payloads().get("run.started").getFirst()).containsOnlyKeys("total_steps");
        assertThat(db.payloads().get("run.completed").getFirst()).containsEntry("steps", 6).containsEntry("duration_seconds", 90L)
                .containsKey("findings").as("a simulation's counts say so").containsEntry("mode", "simulated");
    }

    @Test
    void everyTaskDeliveredTwiceWritesNothingTheSecondTime() {
        List<?> first = begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        assertThat(begin.execute(new BeginRun.Command(db.task(), "arn:exec"))).isEqualTo(first);
        for (int i = 0; i < first.size(); i++) {
            execute.execute(new ExecuteStep.Command(db.task(), i));
            int count = db.events().size();
            assertThat(execute.execute(new ExecuteStep.Command(db.task(), i))).isEqualTo(ExecuteStep.Outcome.ALREADY_COMPLETED);
            assertThat(db.events()).hasSize(count);
        }
        complete.execute(db.task());
        int count = db.events().size();
        assertThat(complete.execute(db.task())).isEqualTo(CompleteRun.Outcome.ALREADY_ENDED);
        assertThat(fail.execute(new FailRun.Command(db.task(), RunFailure.INTERNAL_ERROR, "ref-late"))).isEqualTo(FailRun.Outcome.ALREADY_ENDED);
        assertThat(db.events()).hasSize(count);
    }

    @Test
    void aStepRedeliveredBeforeItsCompletionWasRecordedRewritesNothing() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        execute.execute(new ExecuteStep.Command(db.task(), 0));
        execute.execute(new ExecuteStep.Command(db.task(), 1));
        List<String> written = db.types();
        // As if the task died after writing its events but before the run's progress was recorded.
        db.recordProgress(db.runId, new RunProgress(1, 1, 20));
        assertThat(execute.execute(new ExecuteStep.Command(db.task(), 1))).isEqualTo(ExecuteStep.Outcome.COMPLETED);
        assertThat(db.types()).isEqualTo(written);
        assertThat(db.run().completedSteps()).isEqualTo(2);
    }

    /** A pause that commits after the Checkpoint let the step go still stops the run before the step starts. */
    @Test
    void aPauseBetweenTheCheckpointAndTheStepsStartDefersTheStart() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        execute.execute(new ExecuteStep.Command(db.task(), 0));
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.CONTINUE);
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        int written = db.events().size();

        ExecuteStep.Result deferred = execute.executeChunk(new ExecuteStep.Command(db.task(), 1));

        assertThat(deferred.outcome()).isEqualTo(ExecuteStep.Outcome.START_DEFERRED);
        assertThat(deferred.done()).as("back to the Checkpoint, as for another chunk").isFalse();
        assertThat(deferred.nextOffset()).isZero();
        assertThat(db.events()).hasSize(written);
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.PAUSE);
        park.execute(new ParkRun.Command(db.task(), 1, "token-1"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME));
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.CONTINUE);

        assertThat(execute.executeChunk(new ExecuteStep.Command(db.task(), 1)).outcome()).isEqualTo(ExecuteStep.Outcome.COMPLETED);
        assertThat(db.types().subList(written - 1, db.types().size())).filteredOn(type -> !type.equals("step.progress"))
                .containsExactly("run.pause_requested", "run.paused", "run.resumed", "step.started", "step.completed");
    }

    @Test
    void pauseTakesEffectAtTheNextCheckpointAndResumeAnswersTheStoredToken() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        execute.execute(new ExecuteStep.Command(db.task(), 0));
        assertThat(control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE)).changed()).isTrue();
        assertThat(control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE)).changed()).isFalse();
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.PAUSE);
        assertThat(park.execute(new ParkRun.Command(db.task(), 1, "token-1"))).isEqualTo(ParkRun.Outcome.PARKED);
        assertThat(park.execute(new ParkRun.Command(db.task(), 1, "token-1"))).isEqualTo(ParkRun.Outcome.PARKED);
        assertThat(db.run().status()).isEqualTo(RunStatus.PAUSED);
        assertThat(db.engineCalls).isEmpty();

        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME));
        assertThat(db.engineCalls).containsExactly("resume:token-1");
        assertThat(db.storedTaskToken()).isEmpty();
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.CONTINUE);
        assertThat(db.types()).containsSubsequence("step.completed", "run.pause_requested", "run.paused", "run.resumed");
        assertThat(db.types().stream().filter("run.paused"::equals)).hasSize(1);
        assertThat(db.payloads().get("run.pause_requested").getFirst()).containsKey("actor");
    }

    @Test
    void aResumeBeforeTheWorkflowParkedIsNotLost() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.PAUSE);
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.RESUME));
        assertThat(db.engineCalls).isEmpty();

        assertThat(park.execute(new ParkRun.Command(db.task(), 0, "token-2"))).isEqualTo(ParkRun.Outcome.ANSWERED_RESUMED);
        assertThat(db.engineCalls).containsExactly("resume:token-2");
        assertThat(db.storedTaskToken()).isEmpty();
        assertThat(db.types()).doesNotContain("run.paused");
    }

    @Test
    void aParkAfterAnAbortFailsItsTokenAsAborted() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT));
        assertThat(db.engineCalls).containsExactly("stop:arn:exec");
        assertThat(park.execute(new ParkRun.Command(db.task(), 0, "token-3"))).isEqualTo(ParkRun.Outcome.ANSWERED_ABORTED);
        assertThat(db.engineCalls).containsExactly("stop:arn:exec", "failToken:token-3:Run.Aborted");
    }

    @Test
    void abortingAParkedRunFailsItsTokenInsteadOfStopping() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        park.execute(new ParkRun.Command(db.task(), 0, "token-4"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT));
        assertThat(db.engineCalls).containsExactly("failToken:token-4:Run.Aborted");
        assertThat(db.types().getLast()).isEqualTo("run.aborted");
        assertThat(db.run().status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void anAbortStopsTheStepBeforeItsNextEventAndNothingFollows() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT));
        assertThat(execute.execute(new ExecuteStep.Command(db.task(), 0))).isEqualTo(ExecuteStep.Outcome.STOPPED);
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.ABORT);
        assertThat(complete.execute(db.task())).isEqualTo(CompleteRun.Outcome.ALREADY_ENDED);
        assertThat(db.types()).containsExactly("run.started", "run.aborted");
    }

    @Test
    void aRunAbortedWhileQueuedBeginsWithNoSteps() {
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT));
        assertThat(begin.execute(new BeginRun.Command(db.task(), "arn:exec"))).isEmpty();
        assertThat(db.types()).containsExactly("run.aborted");
    }

    @Test
    void failRunRecordsAStableCodeAndASentenceWithItsReferenceOnce() {
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        assertThat(fail.execute(new FailRun.Command(db.task(), RunFailure.INTERNAL_ERROR, "ref-1"))).isEqualTo(FailRun.Outcome.FAILED);
        assertThat(fail.execute(new FailRun.Command(db.task(), RunFailure.INTERNAL_ERROR, "ref-2"))).isEqualTo(FailRun.Outcome.ALREADY_ENDED);
        String reason = "A step failed because of an internal error. Reference: ref-1.";
        assertThat(db.run().failureReason()).isEqualTo(reason);
        assertThat(db.payloads().get("run.failed"))
                .containsExactly(java.util.Map.of("code", "internal_error", "reason", reason, "reference", "ref-1"));
        assertThat(checkpoint.execute(db.task())).isEqualTo(AtStepBoundary.ABORT);
    }

    @Test
    void aCheckpointOfAQueuedRunIsABug() {
        assertThatThrownBy(() -> checkpoint.execute(db.task())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void overallPercentCountsFinishedStepsAndTheCurrentOne() {
        assertThat(ExecuteStep.overall(0, 0, 4)).isZero();
        assertThat(ExecuteStep.overall(1, 50, 4)).isEqualTo(37);
        assertThat(ExecuteStep.overall(4, 0, 4)).isEqualTo(100);
        assertThat(ExecuteStep.overall(0, 0, 0)).isEqualTo(100);
    }

    private ExecutionStatusChange executionEnded(ExecutionStatus status) {
        return new ExecutionStatusChange("evt-" + status, "arn:exec", status, InMemoryRuns.TENANT, db.runId,
                InMemoryRuns.NOW, InMemoryRuns.NOW.plusSeconds(60), "States.Runtime", "the execution's own words");
    }

    @Test
    void aRunPausedWhenItsExecutionTimedOutFailsWithTheExecutionAndOnlyOnce() {
        EndRunWithExecution endRun = new EndRunWithExecution(fail);
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        execute.execute(new ExecuteStep.Command(db.task(), 0));
        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.PAUSE));
        park.execute(new ParkRun.Command(db.task(), 1, "token-1"));
        assertThat(db.run().status()).isEqualTo(RunStatus.PAUSED);

        assertThat(endRun.execute(executionEnded(ExecutionStatus.TIMED_OUT))).isEqualTo(EndRunWithExecution.Outcome.FAILED);
        assertThat(endRun.execute(executionEnded(ExecutionStatus.TIMED_OUT))).isEqualTo(EndRunWithExecution.Outcome.ALREADY_ENDED);

        assertThat(db.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(db.run().finishedAt()).as("when the execution stopped, not when the change arrived")
                .isEqualTo(InMemoryRuns.NOW.plusSeconds(60));
        assertThat(db.types().getLast()).isEqualTo("run.failed");
        assertThat(db.types().stream().filter("run.failed"::equals)).hasSize(1);
        assertThat(db.payloads().get("run.failed").getFirst()).containsEntry("code", "execution_timed_out")
                .doesNotContainValue("the execution's own words");
        assertThat(db.run().failureReason()).startsWith(RunFailure.EXECUTION_TIMED_OUT.sentence()).doesNotContain("own words");
    }

    @Test
    void anExecutionThatEndedAsPlannedOrAroundAnEndedRunChangesNothing() {
        EndRunWithExecution endRun = new EndRunWithExecution(fail);
        begin.execute(new BeginRun.Command(db.task(), "arn:exec"));
        for (ExecutionStatus status : List.of(ExecutionStatus.RUNNING, ExecutionStatus.SUCCEEDED, ExecutionStatus.PENDING_REDRIVE)) {
            assertThat(endRun.execute(executionEnded(status))).as(status.name()).isEqualTo(EndRunWithExecution.Outcome.NOTHING_TO_END);
        }
        assertThat(db.run().status()).isEqualTo(RunStatus.RUNNING);

        control.execute(operator, new ControlRunCommand(db.runId, ControlAction.ABORT)); // an abort stops the execution after its commit
        int events = db.events().size();
        assertThat(endRun.execute(executionEnded(ExecutionStatus.ABORTED))).isEqualTo(EndRunWithExecution.Outcome.ALREADY_ENDED);
        assertThat(db.run().status()).isEqualTo(RunStatus.ABORTED);
        assertThat(db.events()).hasSize(events);
    }

    @Test
    void anExecutionOfARunTheTenantDoesNotHaveEndsNothing() {
        EndRunWithExecution endRun = new EndRunWithExecution(fail);
        ExecutionStatusChange foreign = new ExecutionStatusChange("evt-x", "arn:other", ExecutionStatus.FAILED,
                InMemoryRuns.TENANT, RunId.random(), InMemoryRuns.NOW, null, null, null);

        assertThat(endRun.execute(foreign)).isEqualTo(EndRunWithExecution.Outcome.UNKNOWN_RUN);
        assertThat(db.events()).isEmpty();
    }
}
