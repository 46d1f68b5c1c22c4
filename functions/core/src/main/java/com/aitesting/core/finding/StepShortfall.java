package com.aitesting.core.finding;

import com.aitesting.core.run.RunEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one step of a real run could not test, as its step.completed summary counts it: targets the guard
 * refused ({@code blocked}), endpoints that failed, lookups that got no answer, work skipped at a bound. A
 * run that completed with such a step did not test its whole scope, so its exports must not read as a full scan
 * (a tool that closes what an import lacks would close findings that were simply not looked at).
 *
 * <p>The naming rule of those counts lives here, for every executor (docs/executors.md): {@code blocked}, or a
 * count whose name ends in one of {@link #UNTESTED_SUFFIXES}.
 */
public record StepShortfall(int stepIndex, String stepId, String testId, Map<String, Long> counts) {
    static final List<String> UNTESTED_SUFFIXES =
            List.of("_failed", "_blocked", "_skipped", "_unusable", "_unreachable", "_not_judged", "_unproven", "_inconclusive");

    public StepShortfall {
        counts = Map.copyOf(counts);
    }

    static boolean untested(String count) {
        return count.equals("blocked") || UNTESTED_SUFFIXES.stream().anyMatch(count::endsWith);
    }

    /** The shortfall a step.completed event reports, if its summary counts any untested work. */
    public static Optional<StepShortfall> of(RunEvent stepCompleted) {
        Map<String, Object> payload = stepCompleted.payload();
        if (!(payload.get("summary") instanceof Map<?, ?> summary)) {
            return Optional.empty();
        }
        Map<String, Long> untested = new TreeMap<>();
        summary.forEach((name, value) -> {
            if (name instanceof String count && untested(count) && value instanceof Number n && n.longValue() > 0) {
                untested.put(count, n.longValue());
            }
        });
        if (untested.isEmpty()) {
            return Optional.empty();
        }
        int index = payload.get("step_index") instanceof Number n ? n.intValue() : 0;
        return Optional.of(new StepShortfall(index, String.valueOf(payload.get("step_id")), String.valueOf(payload.get("test_id")),
                untested));
    }

    /** "fetch_headers (http.security_headers): blocked 1, endpoints_failed 2". */
    String describe() {
        return stepId + " (" + testId + "): " + new TreeMap<>(counts).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
