package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.NetworkGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What an executor works with for one chunk: the work, where to report, the guard, the settings. */
final class StepContext {
    private final StepWork work;
    private final StepReporter reporter;
    private final NetworkGuard guard;
    private final ExecutorSettings settings;
    private final Clock clock;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final long deadlineNanos;
    private final double rate;
    private long listRefusals;

    StepContext(StepWork work, StepReporter reporter, NetworkGuard guard, double rate, ExecutorSettings settings, Clock clock) {
        this.rate = rate;
        this.work = work;
        this.reporter = reporter;
        this.guard = guard;
        this.settings = settings;
        this.clock = clock;
        this.deadlineNanos = System.nanoTime() + work.budget().toNanos();
        work.counts().forEach((name, value) -> {
            if (!name.startsWith("work_")) {
                count(name, value);
            }
        });
    }

    StepWork work() {
        return work;
    }

    NetworkGuard guard() {
        return guard;
    }

    ExecutorSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    boolean stopped() {
        return guard.stopped();
    }

    void count(String name, long delta) {
        counts.computeIfAbsent(name, n -> new LongAdder()).add(delta);
    }

    void progress(long done, long total, String message) {
        reporter.progress(done, total, message);
    }

    void finding(String ruleId, Severity severity, String title, String description, FindingTarget target,
                 Map<String, Object> evidence) {
        count("findings", 1);
        reporter.finding(new NewFinding(work.step().testId(), ruleId, severity, title, description, target, evidence));
    }

    /**
     * The chunk's clock starts when its executor does: the work list, then items, all inside the budget.
     * The latest moment an item of {@code cost} may start with {@code workers} in flight.
     */
    long takeUntil(ItemCost cost, int workers) {
        Duration bound = cost.bound(workers, rate);
        if (bound.compareTo(work.budget()) >= 0) {
            throw new IllegalStateException("one work item of " + work.step().testId() + " can take " + bound.toSeconds()
                    + " s at the engagement's rate_limit, not less than the chunk budget SCAN_CHUNK_SECONDS="
                    + work.budget().toSeconds() + ": raise the rate_limit or the budget, or lower SCAN_CONNECT_TIMEOUT_MS / SCAN_IO_TIMEOUT_MS");
        }
        return deadlineNanos - bound.toNanos();
    }

    /** Probes per second of this step (the guard's limiter; 0 = unlimited). */
    double rate() {
        return rate;
    }

    /**
     * Builds the step's work list (what it needs resolving is resolved here, each name bounded by the
     * guard's lookups): every chunk rebuilds the same list, but the refusals it meets are counted by the
     * first chunk only, so the step's counts do not depend on how many chunks it took.
     */
    <T> List<T> workList(Supplier<List<T>> build) {
        List<T> items = build.get();
        if (work.offset() > 0) {
            listRefusals = guard.blockedCount();
        }
        return items;
    }

    /**
     * Runs {@code check} on each item of {@code items} by the chunk rule ({@link Probes}): as many as fit the
     * budget, {@code itemBound} being the longest one item can take.
     */
    <T> ChunkOutcome each(List<T> items, ItemCost cost, String what, Consumer<T> check) {
        long next = Probes.run(this, items.size(), cost, what, index -> check.accept(items.get((int) index)));
        return outcome(next, items.size());
    }

    /** The chunk's outcome: counts carried so far, plus this chunk's refusals and connections. */
    ChunkOutcome outcome(long nextOffset, long total) {
        if (nextOffset <= work.offset() && work.offset() < total && !stopped()) {
            // Another chunk from the same offset would do the same: fail the step rather than loop forever.
            throw new IllegalStateException(work.step().testId() + ": building the work list left no time in the chunk"
                    + " budget SCAN_CHUNK_SECONDS=" + work.budget().toSeconds() + " for a single item (is DNS_RESOLVER answering?)");
        }
        count("blocked", guard.blockedCount() - listRefusals);
        count("connections", guard.connectCount());
        Map<String, Long> totals = new LinkedHashMap<>();
        counts.forEach((name, adder) -> totals.put(name, adder.sum()));
        totals.put("work_total", total);
        totals.put("work_done", Math.min(nextOffset, total));
        return new ChunkOutcome(nextOffset >= total, Math.min(nextOffset, total), totals);
    }
}
