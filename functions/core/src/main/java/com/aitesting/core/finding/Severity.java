package com.aitesting.core.finding;

import com.aitesting.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How serious a finding is, in increasing order; the declaration order is the ordering. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this severity is {@code minimum} or more serious. */
    public boolean atLeast(Severity minimum) {
        return ordinal() >= minimum.ordinal();
    }

    /** A {@code ?severity=} minimum: absent or blank means every finding (info and up). */
    public static Severity minimumFromWire(String field, String value) {
        return value == null || value.isBlank() ? INFO : fromWire(field, value);
    }

    public static Severity fromWire(String field, String value) {
        for (Severity severity : values()) {
            if (severity.wire().equals(value)) {
                return severity;
            }
        }
        throw InvalidInputException.of(field, "must be one of: "
                + Arrays.stream(values()).map(Severity::wire).collect(Collectors.joining(", ")));
    }
}
