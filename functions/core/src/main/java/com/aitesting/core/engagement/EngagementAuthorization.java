package com.aitesting.core.engagement;

import java.time.Instant;
import java.util.Objects;

/**
 * The recorded permission to test an engagement for real: the customer's ticket or contract id, who recorded it
 * and when (the server's clock, never the client's). A real run is refused without one.
 */
public record EngagementAuthorization(String reference, String recordedBy, Instant recordedAt) {
    public static final int MAX_REFERENCE_LENGTH = 200;

    public EngagementAuthorization {
        reference = checkReference(reference);
        Objects.requireNonNull(recordedBy, "recordedBy");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** Trimmed, 1-200 characters, one line ({@link DisplayLine}). */
    public static String checkReference(String reference) {
        return DisplayLine.oneLine("reference", DisplayLine.trimmed("reference", reference, MAX_REFERENCE_LENGTH,
                ": the ticket or contract id that authorizes the testing"));
    }
}
