package com.aitesting.core.workflow;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunLifecycle.Transition;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * First task of the run state machine: BEGIN (queued -> running with run.started) under the run's lock, and
 * the plan's steps for the Map state. A redelivered task finds the run already active and returns the same
 * steps without writing; a run aborted before its execution began gets no steps, so the execution ends
 * without doing anything.
 */
public final class BeginRun {
    /** {@code executionId} is the Step Functions execution running the run (recorded for abort). */
    public record Command(RunTask task, String executionId) {
        public Command {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(executionId, "executionId");
        }
    }

    private final Transactions transactions;
    private final RunRepository runs;
    private final PlanRepository plans;
    private final RunEventStore events;
    private final Clock clock;

    public BeginRun(Transactions transactions, RunRepository runs, PlanRepository plans, RunEventStore events, Clock clock) {
        this.transactions = transactions;
        this.runs = runs;
        this.plans = plans;
        this.events = events;
        this.clock = clock;
    }

    public List<PlanStep> execute(Command command) {
        RunTask task = command.task();
        return transactions.inTenant(task.tenant(), () -> {
            Run run = runs.lock(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
            if (run.status().isTerminal()) {
                return List.of();
            }
            if (!command.executionId().equals(run.executionId())) {
                runs.recordExecution(task.run(), command.executionId());
            }
            Transition begin = Transition.BEGIN;
            if (begin.appliesTo(run.status())) {
                runs.transition(task.run(), begin.from(), begin.to(), Timestamps.now(clock)).orElseThrow();
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("total_steps", run.totalSteps());
                // not the execution id: on AWS its ARN names the account, region and state machine, which a
                // tenant's event stream has no use for (the run row keeps it for the engine)
                events.append(task.run(), new NewRunEvent(begin.event(), payload, begin.key(run)));
            }
            return plans.find(run.planId()).orElseThrow(() -> new NotFoundException("plan", run.planId())).steps();
        });
    }
}
