package com.aitesting.core.workflow;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StepExecutors;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunModeUnavailableException;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.simulation.StepScript;
import com.aitesting.core.simulation.StepSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one plan step in the mode its run was queued in (Run#mode): simulated ({@link StepSimulator}) or for real
 * ({@link RealMode}, which a worker has only with SIMULATE_PROGRESS=false; without it a real run fails, see
 * {@link RunModeUnavailableException}):
 * step.started, its step.progress events, step.completed; the run's current step, completed steps and percent
 * follow. Simulated progress is paced over {@code stepDuration}. A real step runs its test's executor when it
 * is the test's work step (docs/executors.md), in chunks: each call runs one chunk within the chunk budget and
 * says whether more follow; the state machine passes a checkpoint between chunks. Findings are stored and
 * announced as finding.created, scope refusals as scope.blocked; a watcher stops the probes within a fraction
 * of a second once the run has ended (abort). The other steps of a real test complete at once, saying which
 * step did the work.
 * Each event is its own short transaction, so the stream shows progress as it happens and an abort is
 * seen before the next event: if the run has ended, the step stops at once and writes nothing more (the
 * event store refuses such appends too). A pause does not interrupt a step; it takes effect at the next
 * checkpoint. A redelivered task rewrites nothing (same keys) and skips a step already completed.
 */
public final class ExecuteStep {
    private static final System.Logger LOG = System.getLogger(ExecuteStep.class.getName());

    /** {@code offset} and {@code counts}: where the previous chunk of this step stopped, what it counted. */
    public record Command(RunTask task, int stepIndex, long offset, Map<String, Long> counts) {
        public Command {
            Objects.requireNonNull(task, "task");
            if (stepIndex < 0) {
                throw new IllegalArgumentException("step_index must be >= 0");
            }
            if (offset < 0) {
                throw new IllegalArgumentException("chunk offset must be >= 0");
            }
            counts = Map.copyOf(counts);
        }

        public Command(RunTask task, int stepIndex) {
            this(task, stepIndex, 0, Map.of());
        }
    }

    /**
     * {@code START_DEFERRED}: a pause committed between the Checkpoint and the step's start, so the step did
     * not start; the state machine goes back to the Checkpoint (as for another chunk), which parks the run.
     */
    public enum Outcome { COMPLETED, ALREADY_COMPLETED, STOPPED, MORE_CHUNKS, START_DEFERRED }

    /** One call's result: with MORE_CHUNKS, where the next chunk starts and the counts so far. */
    public record Result(Outcome outcome, long nextOffset, Map<String, Long> counts) {
        public Result {
            counts = Map.copyOf(counts);
        }

        static Result of(Outcome outcome) {
            return new Result(outcome, 0, Map.of());
        }

        public boolean done() {
            return outcome != Outcome.MORE_CHUNKS && outcome != Outcome.START_DEFERRED;
        }
    }

    /**
     * The real executors and where their results go. {@code chunkBudget} bounds one chunk's probing (it must
     * fit a Lambda invocation); {@code stopPoll} is how often a running chunk checks whether the run ended.
     */
    public record RealMode(StepExecutors executors, FindingRepository findings, Duration chunkBudget, Duration stopPoll) {
        public RealMode {
            Objects.requireNonNull(executors, "executors");
            Objects.requireNonNull(findings, "findings");
            Objects.requireNonNull(chunkBudget, "chunkBudget");
            Objects.requireNonNull(stopPoll, "stopPoll");
        }
    }

    /** {@code startDeferred}: the step was to start, but the run is pausing (see {@link Outcome#START_DEFERRED}). */
    private record Prepared(Run run, PlanStep step, List<PlanStep> planSteps, Engagement engagement, boolean startDeferred) {}

    private final Transactions transactions;
    private final RunRepository runs;
    private final PlanRepository plans;
    private final EngagementRepository engagements;
    private final RunEventStore events;
    private final StepSimulator simulator;
    private final Duration stepDuration;
    private final RealMode real;

    /** Simulated steps (SIMULATE_PROGRESS=true). */
    public ExecuteStep(Transactions transactions, RunRepository runs, PlanRepository plans, EngagementRepository engagements,
                       RunEventStore events, StepSimulator simulator, Duration stepDuration) {
        this(transactions, runs, plans, engagements, events, simulator, stepDuration, null);
    }

    /** Real runs' steps for real when {@code real} is given; simulated runs' steps are always simulated. */
    public ExecuteStep(Transactions transactions, RunRepository runs, PlanRepository plans, EngagementRepository engagements,
                       RunEventStore events, StepSimulator simulator, Duration stepDuration, RealMode real) {
        this.transactions = transactions;
        this.runs = runs;
        this.plans = plans;
        this.engagements = engagements;
        this.events = events;
        this.simulator = simulator;
        this.stepDuration = stepDuration;
        this.real = real;
    }

    public Outcome execute(Command command) {
        return executeChunk(command).outcome();
    }

    public Result executeChunk(Command command) {
        RunTask task = command.task();
        int index = command.stepIndex();
        Prepared prepared = transactions.inTenant(task.tenant(), () -> prepare(command));
        if (prepared == null) {
            return Result.of(Outcome.STOPPED);
        }
        if (prepared.startDeferred()) {
            return new Result(Outcome.START_DEFERRED, 0, command.counts());
        }
        if (prepared.run().completedSteps() > index) {
            return Result.of(Outcome.ALREADY_COMPLETED);
        }
        return prepared.run().mode() == RunMode.SIMULATED ? Result.of(simulate(task, prepared)) : new RealStep(task, prepared, command).run();
    }

    private Outcome simulate(RunTask task, Prepared prepared) {
        PlanStep step = prepared.step();
        int index = step.index();
        StepScript script = simulator.script(prepared.run().id(), prepared.planSteps(), index, prepared.engagement().scope());
        int total = prepared.run().totalSteps();
        List<StepScript.Progress> progress = script.progress();
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
        payload.put("summary", script.summary());
        boolean last = index + 1 >= total;
        if (!write(task, new NewRunEvent(RunEventType.STEP_COMPLETED, payload, RunLifecycle.stepKey(RunEventType.STEP_COMPLETED, index)),
                index + 1, last ? null : index, overall(index + 1, 0, total))) {
            return Outcome.STOPPED;
        }
        return Outcome.COMPLETED;
    }

    /** One call of a real step: the chunk's probing, its events, and step.completed after the last chunk. */
    private final class RealStep implements StepReporter {
        private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

        private final RunTask task;
        private final Prepared prepared;
        private final Command command;
        private final int index;
        private final StopSignal stop = new StopSignal();
        /** Counted down when the chunk's probing is over and the watcher may end. */
        private final CountDownLatch chunkOver = new CountDownLatch(1);
        private final ReentrantLock progressLock = new ReentrantLock();
        private int lastPercent = -1;
        private long lastProgressNanos;

        RealStep(RunTask task, Prepared prepared, Command command) {
            this.task = task;
            this.prepared = prepared;
            this.command = command;
            this.index = prepared.step().index();
        }

        Result run() {
            PlanStep step = prepared.step();
            String workStep = real.executors().workStep(step.testId()).orElseThrow(() -> new IllegalStateException(
                    "catalog test " + step.testId() + " has no real executor, so a real run cannot execute it"));
            if (!workStep.equals(step.stepId())) {
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("mode", RunMode.REAL.wire());
                summary.put("work_step", workStep);
                summary.put("probes", 0);
                return Result.of(complete(summary));
            }
            List<Finding> findings = transactions.inTenant(task.tenant(), () -> real.findings().listByRun(task.run(), Severity.INFO));
            List<String> earlierTests = prepared.planSteps().subList(0, index).stream().map(PlanStep::testId).distinct().toList();
            StepWork work = new StepWork(task.run(), step, earlierTests, prepared.engagement().scope(), command.offset(),
                    command.counts(), findings, real.chunkBudget(), stop);
            Thread watcher = Thread.ofVirtual().name("stop-watch-" + task.run()).start(this::watchForEnd);
            ChunkOutcome chunk;
            try {
                chunk = real.executors().execute(work, this);
            } finally {
                endWatcher(watcher);
            }
            if (stop.stopped()) {
                return Result.of(Outcome.STOPPED);
            }
            if (!chunk.done()) {
                return new Result(Outcome.MORE_CHUNKS, chunk.nextOffset(), chunk.counts());
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("mode", RunMode.REAL.wire());
            summary.putAll(new TreeMap<>(chunk.counts()));
            return Result.of(complete(summary));
        }

        private Outcome complete(Map<String, Object> summary) {
            Map<String, Object> payload = stepPayload(prepared.step());
            payload.put("summary", summary);
            int total = prepared.run().totalSteps();
            boolean last = index + 1 >= total;
            return write(task, new NewRunEvent(RunEventType.STEP_COMPLETED, payload, RunLifecycle.stepKey(RunEventType.STEP_COMPLETED, index)),
                    index + 1, last ? null : index, overall(index + 1, 0, total)) ? Outcome.COMPLETED : Outcome.STOPPED;
        }

        /**
         * Abort within a fraction of a second: the run's status is polled while the chunk probes. The watcher
         * waits on {@link #chunkOver} between polls and is never interrupted: an interrupt during its query
         * closes the JDBC socket and breaks the pooled connection.
         */
        private void watchForEnd() {
            try {
                while (!stop.stopped() && !chunkOver.await(real.stopPoll().toNanos(), TimeUnit.NANOSECONDS)) {
                    if (runHasEnded()) {
                        stop.stop();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** True when the run has ended; a store that cannot answer now is asked again at the next poll. */
        private boolean runHasEnded() {
            try {
                return transactions.inTenant(task.tenant(), () -> runs.find(task.run()))
                        .map(r -> r.status().isTerminal()).orElse(true);
            } catch (StoreUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, () -> "could not read run " + task.run() + " to see whether it ended ("
                        + e.getMessage() + "); asking again in " + real.stopPoll().toMillis() + " ms");
                return false;
            }
        }

        /** Lets the watcher finish its poll in progress and end, so its query is never cut off. */
        private void endWatcher(Thread watcher) {
            chunkOver.countDown();
            try {
                watcher.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void progress(long done, long total, String message) {
            int percent = total <= 0 ? 99 : (int) Math.min(99, done * 100 / total);
            long now = System.nanoTime();
            if (percent <= lastPercent || now - lastProgressNanos < PROGRESS_EVERY_NANOS || !progressLock.tryLock()) {
                return;
            }
            try {
                if (percent <= lastPercent) {
                    return;
                }
                lastPercent = percent;
                lastProgressNanos = now;
                Map<String, Object> payload = stepPayload(prepared.step());
                payload.put("percent", percent);
                payload.put("message", message);
                payload.put("done", done);
                payload.put("total", total);
                if (!write(task, new NewRunEvent(RunEventType.STEP_PROGRESS, payload, RunLifecycle.progressKey(index, percent)),
                        index, index, overall(index, percent, prepared.run().totalSteps()))) {
                    stop.stop();
                }
            } finally {
                progressLock.unlock();
            }
        }

        /**
         * Serialised within the step, so a step's findings and their events are written in the order the
         * executor reports them (and one at a time: with the run locked FOR UPDATE, as before V061, two
         * concurrent ones deadlocked on the run row's key-share and update locks).
         */
        @Override
        public synchronized void finding(NewFinding finding) {
            try {
                transactions.inTenant(task.tenant(), () -> {
                    real.findings().insert(task.run(), index, finding).ifPresent(stored -> {
                        if (!appendUnlessEnded(task, new NewRunEvent(RunEventType.FINDING_CREATED, findingPayload(stored),
                                "finding.created:" + stored.fingerprint()))) {
                            throw new RunEnded();
                        }
                    });
                    return null;
                });
            } catch (RunEnded e) {
                stop.stop();
            }
        }

        @Override
        public synchronized void blocked(ScopeRefusal refusal) {
            Map<String, Object> payload = stepPayload(prepared.step());
            payload.put("target", refusal.target());
            if (refusal.address() != null) {
                payload.put("address", refusal.address());
            }
            payload.put("rule", refusal.rule());
            String key = RunEventType.SCOPE_BLOCKED + ":" + index + ":" + refusal.target() + "|" + refusal.address() + "|" + refusal.rule();
            if (!transactions.inTenant(task.tenant(), () -> appendUnlessEnded(task, new NewRunEvent(RunEventType.SCOPE_BLOCKED, payload, key)))) {
                stop.stop();
            }
        }

        private Map<String, Object> findingPayload(Finding stored) {
            NewFinding f = stored.reported();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("finding_id", stored.id().toString());
            payload.put("step_index", index);
            payload.put("test_id", f.testId());
            payload.put("rule", f.ruleId());
            payload.put("severity", f.severity().wire());
            payload.put("title", f.title());
            Map<String, Object> target = new LinkedHashMap<>();
            if (f.target().host() != null) {
                target.put("host", f.target().host());
            }
            if (f.target().address() != null) {
                target.put("address", f.target().address());
            }
            if (f.target().port() != null) {
                target.put("port", f.target().port());
            }
            if (f.target().url() != null) {
                target.put("url", f.target().url());
            }
            payload.put("target", target);
            return payload;
        }
    }

    /** Rolls back a finding whose event the event store refused because the run has ended. */
    private static final class RunEnded extends RuntimeException {
        RunEnded() {
            super("the run has ended", null, false, false);
        }
    }

    /** Reads what the step needs and writes step.started; null when the run has already ended. */
    private Prepared prepare(Command command) {
        RunTask task = command.task();
        Run run = runs.find(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
        if (run.status().isTerminal()) {
            return null;
        }
        if (run.mode() == RunMode.REAL && real == null) {
            throw new RunModeUnavailableException(run.id());
        }
        Plan plan = plans.find(run.planId()).orElseThrow(() -> new NotFoundException("plan", run.planId()));
        if (command.stepIndex() >= plan.steps().size()) {
            throw new IllegalArgumentException("step_index " + command.stepIndex() + " is beyond the plan's "
                    + plan.steps().size() + " steps");
        }
        Engagement engagement = engagements.find(run.engagementId())
                .orElseThrow(() -> new NotFoundException("engagement", run.engagementId()));
        PlanStep step = plan.steps().get(command.stepIndex());
        // A later chunk of the step has no step.started of its own.
        if (run.completedSteps() <= command.stepIndex() && command.offset() == 0) {
            // The step's start is its boundary, decided again under the run's lock: a pause that committed after
            // the Checkpoint read the status takes effect before anything of the step runs.
            Run locked = runs.lock(task.run()).orElseThrow(() -> new NotFoundException("run", task.run()));
            switch (RunLifecycle.atStepBoundary(locked.status())) {
                case ABORT -> {
                    return null;
                }
                case PAUSE -> {
                    return new Prepared(locked, step, plan.steps(), engagement, true);
                }
                case CONTINUE -> { }
            }
            if (!appendUnlessEnded(task, new NewRunEvent(RunEventType.STEP_STARTED, stepPayload(step),
                    RunLifecycle.stepKey(RunEventType.STEP_STARTED, command.stepIndex())))) {
                return null;
            }
            runs.recordProgress(task.run(), new RunProgress(command.stepIndex(), command.stepIndex(),
                    overall(command.stepIndex(), 0, run.totalSteps())));
        }
        return new Prepared(run, step, plan.steps(), engagement, false);
    }

    /**
     * Appends one event and the progress it implies, as one write in a transaction of its own; false when the
     * run has ended (nothing is written then). A duplicate key (redelivery) writes no event and carries on,
     * recording the progress again in case the earlier attempt's was lost; the status read then is current,
     * since the append took the run's lock and has committed.
     */
    private boolean write(RunTask task, NewRunEvent event, int completedSteps, Integer currentStep, int percent) {
        RunProgress progress = new RunProgress(completedSteps, currentStep, percent);
        if (events.appendWithProgress(task.tenant(), task.run(), event, progress).isPresent()) {
            return true;
        }
        return transactions.inTenant(task.tenant(), () -> {
            if (hasEnded(task)) {
                return false;
            }
            runs.recordProgress(task.run(), progress);
            return true;
        });
    }

    /**
     * The append locks the run row first, so when it writes nothing the status read next is current: ended
     * (an abort committed before us) or still active (the key was used: a redelivered task).
     */
    private boolean appendUnlessEnded(RunTask task, NewRunEvent event) {
        return events.append(task.run(), event).isPresent() || !hasEnded(task);
    }

    private boolean hasEnded(RunTask task) {
        return runs.find(task.run()).orElseThrow(() -> new NotFoundException("run", task.run())).status().isTerminal();
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
