package com.aitesting.core.workflow;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.simulation.StepScript;
import com.aitesting.core.simulation.StepSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one plan step (simulated: see {@link StepSimulator}): step.started, its step.progress events paced
 * over {@code stepDuration}, step.completed; the run's current step, completed steps and percent follow.
 * Each event is its own short transaction, so the stream shows progress as it happens and an abort is
 * seen before the next event: if the run has ended, the step stops at once and writes nothing more (the
 * event store refuses such appends too). A pause does not interrupt a step; it takes effect at the next
 * checkpoint. A redelivered task rewrites nothing (same keys) and skips a step already completed.
 */
public final class ExecuteStep {
    public record Command(RunTask task, int stepIndex) {
        public Command {
            Objects.requireNonNull(task, "task");
            if (stepIndex < 0) {
                throw new IllegalArgumentException("step_index must be >= 0");
            }
        }
    }

    public enum Outcome { COMPLETED, ALREADY_COMPLETED, STOPPED }

    private record Prepared(Run run, PlanStep step, StepScript script) {}

    private final Transactions transactions;
    private final RunRepository runs;
    private final PlanRepository plans;
    private final EngagementRepository engagements;
    private final RunEventStore events;
    private final StepSimulator simulator;
    private final Duration stepDuration;

    public ExecuteStep(Transactions transactions, RunRepository runs, PlanRepository plans, EngagementRepository engagements,
                       RunEventStore events, StepSimulator simulator, Duration stepDuration) {
        this.transactions = transactions;
        this.runs = runs;
        this.plans = plans;
        this.engagements = engagements;
        this.events = events;
        this.simulator = simulator;
        this.stepDuration = stepDuration;
    }

    public Outcome execute(Command command) {
        RunTask task = command.task();
        int index = command.stepIndex();
        Prepared prepared = transactions.inTenant(task.tenant(), () -> prepare(command));
        if (prepared == null) {
            return Outcome.STOPPED;
        }
        if (prepared.run().completedSteps() > index) {
            return Outcome.ALREADY_COMPLETED;
        }
        PlanStep step = prepared.step();
        int total = prepared.run().totalSteps();
        List<StepScript.Progress> progress = prepared.script().progress();
        Duration beat = stepDuration.dividedBy(progress.size() + 1);
        for (int n = 0; n < progress.size(); n++) {
            sleep(beat);
            StepScript.Progress p = progress.get(n);
            Map<String, Object> payload = stepPayload(step);
            payload.put("percent", p.percent());
            payload.put("message", p.message());
            if (!write(task, new NewRunEvent(RunEventType.STEP_PROGRESS, payload, RunLifecycle.progressKey(index, n + 1)),
                    index, index, overall(index, p.percent(), total))) {
                return Outcome.STOPPED;
            }
        }
        sleep(beat);
        Map<String, Object> payload = stepPayload(step);
        payload.put("summary", prepared.script().summary());
        boolean last = index + 1 >= total;
        if (!write(task, new NewRunEvent(RunEventType.STEP_COMPLETED, payload, RunLifecycle.stepKey(RunEventType.STEP_COMPLETED, index)),
                index + 1, last ? null : index, overall(index + 1, 0, total))) {
            return Outcome.STOPPED;
        }
        return Outcome.COMPLETED;
    }

    /** Reads what the step needs and writes step.started; null when the run has already ended. */
    private Prepared prepare(Command command) {
        RunTask task = command.task();
        Run run = runs.find(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
        if (run.status().isTerminal()) {
            return null;
        }
        Plan plan = plans.find(run.planId()).orElseThrow(() -> new NotFoundException("plan", run.planId()));
        if (command.stepIndex() >= plan.steps().size()) {
            throw new IllegalArgumentException("step_index " + command.stepIndex() + " is beyond the plan's "
                    + plan.steps().size() + " steps");
        }
        Engagement engagement = engagements.find(run.engagementId())
                .orElseThrow(() -> new NotFoundException("engagement", run.engagementId()));
        PlanStep step = plan.steps().get(command.stepIndex());
        StepScript script = simulator.script(run.id(), plan.steps(), command.stepIndex(), engagement.scope());
        if (run.completedSteps() <= command.stepIndex()) {
            if (!appendUnlessEnded(task, new NewRunEvent(RunEventType.STEP_STARTED, stepPayload(step),
                    RunLifecycle.stepKey(RunEventType.STEP_STARTED, command.stepIndex())))) {
                return null;
            }
            runs.recordProgress(task.run(), command.stepIndex(), command.stepIndex(),
                    overall(command.stepIndex(), 0, run.totalSteps()));
        }
        return new Prepared(run, step, script);
    }

    /**
     * Appends one event and the progress it implies; false when the run has ended (nothing is written then).
     * A duplicate key (redelivery) writes nothing and carries on.
     */
    private boolean write(RunTask task, NewRunEvent event, int completedSteps, Integer currentStep, int percent) {
        return transactions.inTenant(task.tenant(), () -> {
            if (!appendUnlessEnded(task, event)) {
                return false;
            }
            runs.recordProgress(task.run(), completedSteps, currentStep, percent);
            return true;
        });
    }

    /**
     * The append locks the run row first, so when it writes nothing the status read next is current: ended
     * (an abort committed before us) or still active (the key was used: a redelivered task).
     */
    private boolean appendUnlessEnded(RunTask task, NewRunEvent event) {
        return events.append(task.run(), event).isPresent()
                || !runs.find(task.run()).orElseThrow(() -> new NotFoundException("run", task.run())).status().isTerminal();
    }

    private static Map<String, Object> stepPayload(PlanStep step) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step_index", step.index());
        payload.put("test_id", step.testId());
        payload.put("step_id", step.stepId());
        payload.put("title", step.title());
        payload.put("agent", step.agent());
        return payload;
    }

    /** The run's percent: finished steps count fully, the current one by its own percent. */
    static int overall(int completedSteps, int stepPercent, int totalSteps) {
        return totalSteps == 0 ? 100 : Math.min(100, (completedSteps * 100 + stepPercent) / totalSteps);
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing a simulated step", e);
        }
    }
}
