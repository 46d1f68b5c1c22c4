package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.NetworkGuard;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** What an executor works with for one chunk: the work, where to report, the guard, the settings. */
final class StepContext {
    private final StepWork work;
    private final StepReporter reporter;
    private final NetworkGuard guard;
    private final ExecutorSettings settings;
    private final Clock clock;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    StepContext(StepWork work, StepReporter reporter, NetworkGuard guard, ExecutorSettings settings, Clock clock) {
        this.work = work;
        this.reporter = reporter;
        this.guard = guard;
        this.settings = settings;
        this.clock = clock;
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
     * Runs {@code check} on each item in turn (the small checks: a few endpoints or domains, one chunk),
     * reporting progress per item, until done or stopped.
     */
    <T> ChunkOutcome each(List<T> items, String what, Consumer<T> check) {
        int n = 0;
        for (T item : items) {
            if (stopped()) {
                break;
            }
            check.accept(item);
            n++;
            progress(n, items.size(), "checked " + n + " of " + items.size() + " " + what);
        }
        return outcome(1, 1);
    }

    /** The chunk's outcome: counts carried so far, plus this chunk's refusals and connections. */
    ChunkOutcome outcome(long nextOffset, long total) {
        count("blocked", guard.blockedCount());
        count("connections", guard.connectCount());
        Map<String, Long> totals = new LinkedHashMap<>();
        counts.forEach((name, adder) -> totals.put(name, adder.sum()));
        totals.put("work_total", total);
        totals.put("work_done", Math.min(nextOffset, total));
        return new ChunkOutcome(nextOffset >= total, Math.min(nextOffset, total), totals);
    }
}
