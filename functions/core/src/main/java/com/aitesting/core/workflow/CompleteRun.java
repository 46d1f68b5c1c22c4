package com.aitesting.core.workflow;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunLifecycle.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Last task: COMPLETE (running -> completed) with run.completed (duration, steps, findings). A pause requested during
 * the last step finds no further checkpoint, so pausing completes too. A run that already ended (aborted
 * while its last step finished, or a redelivered task) is left as it is.
 */
public final class CompleteRun {
    public enum Outcome { COMPLETED, ALREADY_ENDED }

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final Clock clock;

    public CompleteRun(Transactions transactions, RunRepository runs, RunEventStore events, Clock clock) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    public Outcome execute(RunTask task) {
        return transactions.inTenant(task.tenant(), () -> {
            Run run = runs.lock(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
            Transition complete = Transition.COMPLETE;
            if (!complete.appliesTo(run.status())) {
                if (run.status().isTerminal()) {
                    return Outcome.ALREADY_ENDED;
                }
                throw new IllegalStateException("run " + task.run() + " cannot complete while " + run.status().wire());
            }
            Run completed = runs.transition(task.run(), complete.from(), complete.to(), Timestamps.now(clock)).orElseThrow();
            runs.recordProgress(task.run(), new RunProgress(completed.totalSteps(), null, 100));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("duration_seconds", Duration.between(
                    completed.startedAt() == null ? completed.createdAt() : completed.startedAt(), completed.finishedAt()).toSeconds());
            payload.put("steps", completed.totalSteps());
            payload.put("findings", reportedFindings(task));
            payload.put("mode", completed.mode().wire());
            events.append(task.run(), new NewRunEvent(complete.event(), payload, complete.key(run)));
            return Outcome.COMPLETED;
        });
    }

    /**
     * The sum of the steps' findings, as their step.completed summaries reported them (a simulated run's
     * summaries count invented ones, which run.completed's mode says).
     */
    private long reportedFindings(RunTask task) {
        return events.allOf(task.run(), RunEventType.STEP_COMPLETED).stream()
                .mapToLong(step -> step.payload().get("summary") instanceof Map<?, ?> summary
                        && summary.get("findings") instanceof Number n ? n.longValue() : 0)
                .sum();
    }
}
