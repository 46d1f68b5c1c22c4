package com.aitesting.core.engagement;

import com.aitesting.core.error.InvalidInputException;
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

    /** Trimmed, 1-200 characters, no control characters (it is shown in consoles, exports and audit logs). */
    public static String checkReference(String reference) {
        String trimmed = reference == null ? "" : reference.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_REFERENCE_LENGTH) {
            throw InvalidInputException.of("reference", "must be 1-" + MAX_REFERENCE_LENGTH
                    + " characters after trimming: the ticket or contract id that authorizes the testing");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.of("reference", "must not contain control characters");
        }
        return trimmed;
    }
}
