package com.aitesting.core.workflow;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunLifecycle.Transition;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The state machine's catch-all: FAIL under the run's lock, so an active run becomes failed with run.failed
 * carrying a stable code and a sentence the tenant can read (never the task's internals: the handler logs
 * those under {@code reference}). A run that already ended (aborted, or a redelivered task) is left as it is.
 */
public final class FailRun {
    /**
     * {@code reference} finds the failure's details in the log; null when there are none to find.
     * {@code endedAt} is when the run ended, if known better than now (the execution's stop time).
     */
    public record Command(RunTask task, RunFailure failure, String reference, Instant endedAt) {
        public Command {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(failure, "failure");
        }

        /** A failure that happens now: the state machine's catch. */
        public Command(RunTask task, RunFailure failure, String reference) {
            this(task, failure, reference, null);
        }
    }

    public enum Outcome { FAILED, ALREADY_ENDED }

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final Clock clock;

    public FailRun(Transactions transactions, RunRepository runs, RunEventStore events, Clock clock) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    public Outcome execute(Command command) {
        RunTask task = command.task();
        return transactions.inTenant(task.tenant(), () -> {
            Run run = runs.lock(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
            Transition fail = Transition.FAIL;
            if (!fail.appliesTo(run.status())) {
                return Outcome.ALREADY_ENDED;
            }
            runs.fail(task.run(), fail.from(), command.failure().reason(command.reference()),
                    command.endedAt() != null ? Timestamps.stored(command.endedAt()) : Timestamps.now(clock)).orElseThrow();
            events.append(task.run(), new NewRunEvent(fail.event(), command.failure().payload(command.reference()), fail.key(run)));
            return Outcome.FAILED;
        });
    }
}
