package com.aitesting.core.workflow;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunLifecycle.Transition;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The paused run's parking task ({@code .waitForTaskToken}). It locks the run row, decides with
 * {@link RunLifecycle#atPark} and writes, in one transaction; the controls lock the same row, so whichever
 * commits second sees the other's whole decision:
 * <ul>
 *   <li>pausing or paused (parked first): the token is stored, pausing -> paused with run.paused, and a later
 *       resume takes the token and answers it;</li>
 *   <li>running (resumed first): the token is not stored and this task answers it itself, at once, so the
 *       wake-up is never lost;</li>
 *   <li>ended (aborted first): the token is failed with {@code Run.Aborted}, which the Map catches as an abort.</li>
 * </ul>
 * A redelivered task (same token, run already paused) stores the same token again and writes no event.
 */
public final class ParkRun {
    public static final String ABORTED_ERROR = "Run.Aborted";

    public record Command(RunTask task, int stepIndex, String taskToken) {
        public Command {
            Objects.requireNonNull(task, "task");
            if (taskToken == null || taskToken.isBlank()) {
                throw new IllegalArgumentException("task_token is required");
            }
        }
    }

    public enum Outcome { PARKED, ANSWERED_RESUMED, ANSWERED_ABORTED }

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final WorkflowEngine workflow;
    private final Clock clock;

    public ParkRun(Transactions transactions, RunRepository runs, RunEventStore events, WorkflowEngine workflow, Clock clock) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.workflow = workflow;
        this.clock = clock;
    }

    public Outcome execute(Command command) {
        RunTask task = command.task();
        Outcome outcome = transactions.inTenant(task.tenant(), () -> park(command));
        // Answering happens after the transaction: nothing of ours is held while the engine is called.
        switch (outcome) {
            case ANSWERED_RESUMED -> workflow.resume(command.taskToken());
            case ANSWERED_ABORTED -> workflow.failToken(command.taskToken(), ABORTED_ERROR, "The run ended while it was pausing.");
            case PARKED -> { }
        }
        return outcome;
    }

    private Outcome park(Command command) {
        RunTask task = command.task();
        Run run = runs.lock(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
        return switch (RunLifecycle.atPark(run.status())) {
            case WAKE_NOW -> Outcome.ANSWERED_RESUMED;
            case END_NOW -> Outcome.ANSWERED_ABORTED;
            case WAIT -> {
                if (!runs.storeTaskToken(task.run(), command.taskToken(), Set.of(run.status()))) {
                    throw new IllegalStateException("run " + task.run() + " changed while it was locked");
                }
                Transition park = Transition.PARK;
                if (park.appliesTo(run.status())) {
                    runs.transition(task.run(), park.from(), park.to(), Timestamps.now(clock)).orElseThrow();
                    events.append(task.run(), new NewRunEvent(park.event(), Map.of("step_index", command.stepIndex()), park.key(run)));
                }
                yield Outcome.PARKED;
            }
        };
    }
}
