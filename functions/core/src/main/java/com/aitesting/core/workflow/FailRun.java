package com.aitesting.core.workflow;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunStatus;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The state machine's catch-all: an active run becomes failed with run.failed and a reason the tenant can
 * read. A run that already ended (aborted, or a redelivered task) is left as it is.
 */
public final class FailRun {
    /** {@code error} is the Step Functions error name; {@code reason} the readable explanation. */
    public record Command(RunTask task, String error, String reason) {
        public Command {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reason, "reason");
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
        return transactions.inTenant(task.tenant(), () -> runs.fail(task.run(), RunStatus.ACTIVE, command.reason(), Timestamps.now(clock))
                .map(failed -> {
                    events.append(task.run(), new NewRunEvent(RunEventType.RUN_FAILED,
                            Map.of("reason", command.reason(), "error", command.error()), RunEventType.RUN_FAILED));
                    return Outcome.FAILED;
                })
                .orElseGet(() -> {
                    runs.find(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
                    return Outcome.ALREADY_ENDED;
                }));
    }
}
