package com.aitesting.core.notification;

import com.aitesting.core.finding.SeverityCounts;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a notification says about a run, decided from the run's own state and history rather than from the
 * execution status alone: an execution that ends in the RunAborted Succeed state is an aborted run, and a run
 * whose FailRun recorded a reason has that reason. The execution status is the fallback for what the run does
 * not record (an execution stopped or timed out around the run's use cases).
 *
 * @param reason  failed runs: why; null otherwise
 * @param abortedBy aborted runs: who (user and email as recorded by the control), null when not recorded
 * @param findings  the run's stored findings by severity (what a real run observed; none for a simulated one)
 */
public record RunNotice(
        Transition transition,
        TenantId tenant,
        RunId run,
        Instant startedAt,
        Instant finishedAt,
        int stepsCompleted,
        int stepsTotal,
        List<StepResult> steps,
        String reason,
        String abortedBy,
        SeverityCounts findings) {

    /** One completed step's label and result summary, from its step.completed payload. */
    public record StepResult(String label, String summary) {}

    // Payload keys written by the run use cases (see docs/usecases.md); read leniently because a notification
    // must not fail over a missing field.
    static final String FAILED_REASON = "reason";
    static final String STEP_SUMMARY = "summary";
    static final String[] STEP_LABEL_KEYS = {"title", "test_id", "name"};
    static final String STEP_INDEX = "step_index";
    static final String ABORTED_BY = "actor";

    public RunNotice {
        steps = List.copyOf(steps);
        findings = findings == null ? SeverityCounts.NONE : findings;
    }

    /** A notice that reports no stored findings. */
    public RunNotice(Transition transition, TenantId tenant, RunId run, Instant startedAt, Instant finishedAt,
                     int stepsCompleted, int stepsTotal, List<StepResult> steps, String reason, String abortedBy) {
        this(transition, tenant, run, startedAt, finishedAt, stepsCompleted, stepsTotal, steps, reason, abortedBy,
                SeverityCounts.NONE);
    }

    public RunNotice withFindings(SeverityCounts counts) {
        return new RunNotice(transition, tenant, run, startedAt, finishedAt, stepsCompleted, stepsTotal, steps, reason,
                abortedBy, counts);
    }

    public Optional<Duration> duration() {
        return startedAt == null || finishedAt == null || finishedAt.isBefore(startedAt)
                ? Optional.empty()
                : Optional.of(Duration.between(startedAt, finishedAt));
    }

    /**
     * The notice for {@code change}, given the run and its events in seq order; empty when there is nothing
     * to announce (a redrive, or a finished execution whose run is still active: see the default case).
     */
    public static Optional<RunNotice> decide(ExecutionStatusChange change, Run run, List<RunEvent> events) {
        Instant startedAt = run.startedAt() != null ? run.startedAt() : change.startDate();
        if (change.status() == ExecutionStatus.RUNNING) {
            return Optional.of(new RunNotice(Transition.STARTED, change.tenant(), change.run(), startedAt, null,
                    0, run.totalSteps(), List.of(), null, null));
        }
        if (!change.status().isFinished()) {
            return Optional.empty();
        }
        Optional<RunEvent> terminal = events.stream().filter(RunEvent::isTerminal).findFirst();
        Instant finishedAt = run.finishedAt() != null ? run.finishedAt()
                : terminal.map(RunEvent::createdAt).orElse(change.stopDate());
        List<StepResult> steps = events.stream()
                .filter(e -> e.type().equals(RunEventType.STEP_COMPLETED)).map(RunNotice::stepResult).toList();

        Transition transition;
        String reason = null;
        String abortedBy = null;
        switch (run.status()) {
            case COMPLETED -> transition = Transition.COMPLETED;
            case FAILED -> {
                transition = Transition.FAILED;
                reason = Optional.ofNullable(run.failureReason()).filter(r -> !r.isBlank())
                        .or(() -> terminal.flatMap(e -> text(e.payload().get(FAILED_REASON))))
                        .orElse("The run failed without a recorded reason.");
            }
            case ABORTED -> {
                transition = Transition.ABORTED;
                abortedBy = terminal.filter(e -> e.type().equals(RunEventType.RUN_ABORTED))
                        .map(e -> actor(e.payload().get(ABORTED_BY))).orElse(null);
            }
            default -> {
                // Still active although its execution finished: one that ended around the run's tasks has
                // failed the run before this is decided (EndRunWithExecution), so only an unexplained success is
                // left, with no outcome to report.
                return Optional.empty();
            }
        }
        return Optional.of(new RunNotice(transition, change.tenant(), change.run(), startedAt, finishedAt,
                Math.max(run.completedSteps(), steps.size()), run.totalSteps(), steps, reason, abortedBy));
    }

    private static StepResult stepResult(RunEvent event) {
        Map<String, Object> payload = event.payload();
        String label = null;
        for (String key : STEP_LABEL_KEYS) {
            Optional<String> value = text(payload.get(key));
            if (value.isPresent()) {
                label = value.get();
                break;
            }
        }
        if (label == null) {
            label = payload.get(STEP_INDEX) instanceof Number n ? "Step " + (n.intValue() + 1) : "Step";
        }
        return new StepResult(label, summaryText(payload.get(STEP_SUMMARY)));
    }

    /**
     * A summary may be a sentence or a small object of facts: an object becomes "key: value" pairs, a nested
     * object the same in parentheses, a list its items separated by spaces (never Java's {k=v} or [a, b]).
     */
    private static String summaryText(Object summary) {
        if (summary instanceof Map<?, ?> map) {
            return pairs(map);
        }
        return text(summary).orElse("");
    }

    private static String pairs(Map<?, ?> map) {
        return map.entrySet().stream()
                .map(e -> e.getKey() + ": " + fact(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String fact(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "none" : "(" + pairs(map) + ")";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : list.stream().map(RunNotice::fact).collect(Collectors.joining(" "));
        }
        return String.valueOf(value);
    }

    private static String actor(Object by) {
        if (by instanceof Map<?, ?> map) {
            Optional<String> user = text(map.get("user"));
            Optional<String> email = text(map.get("email"));
            if (user.isPresent() && email.isPresent()) {
                return user.get() + " (" + email.get() + ")";
            }
            return user.or(() -> email).orElse(null);
        }
        return text(by).orElse(null);
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s)
                : value instanceof Number n ? Optional.of(n.toString()) : Optional.empty();
    }
}
