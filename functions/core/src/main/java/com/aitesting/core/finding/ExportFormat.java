package com.aitesting.core.finding;

import com.aitesting.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The shapes a run's findings can be read in ({@code ?format=}). */
public enum ExportFormat {
    /** The API's own JSON list. */
    JSON,
    /** SARIF 2.1.0 (GitHub code scanning and other SARIF consumers): {@link SarifLog}. */
    SARIF,
    /** DefectDojo's "Generic Findings Import" JSON: {@link DefectDojoFindings}. */
    DEFECTDOJO;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} or blank is JSON; an unknown name is a 400 on {@code field}. */
    public static ExportFormat fromWire(String field, String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        for (ExportFormat format : values()) {
            if (format.wire().equals(value)) {
                return format;
            }
        }
        throw InvalidInputException.of(field, "must be one of: "
                + Arrays.stream(values()).map(ExportFormat::wire).collect(Collectors.joining(", ")));
    }
}
