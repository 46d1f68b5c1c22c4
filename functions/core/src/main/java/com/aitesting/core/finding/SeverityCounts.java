package com.aitesting.core.finding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many findings of each severity; every severity is present (0 when none). */
public record SeverityCounts(Map<Severity, Long> counts) {
    public static final SeverityCounts NONE = new SeverityCounts(Map.of());

    public SeverityCounts {
        EnumMap<Severity, Long> all = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            Long n = counts.get(severity);
            if (n != null && n < 0) {
                throw new IllegalArgumentException("a count cannot be negative");
            }
            all.put(severity, n == null ? 0L : n);
        }
        counts = java.util.Collections.unmodifiableMap(all);
    }

    public long of(Severity severity) {
        return counts.get(severity);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** "1 critical, 2 high, 5 info": most severe first, severities with none left out; "none" when empty. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (int i = Severity.values().length - 1; i >= 0; i--) {
            Severity severity = Severity.values()[i];
            if (of(severity) > 0) {
                parts.add(of(severity) + " " + severity.wire());
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
