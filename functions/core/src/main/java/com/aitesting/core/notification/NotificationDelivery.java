package com.aitesting.core.notification;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification of a run as GET /v1/tests/{id} shows it: which channel and transition, how it ended
 * ({@code pending} while a notifier holds the claim), after how many attempts, and the last error as a stable
 * code with a sentence for people. Never the URL, never an exception text.
 */
public record NotificationDelivery(String channel, Transition transition, Outcome outcome, int attempts,
                                   Integer lastStatus, String lastError, Instant claimedAt, Instant finishedAt) {

    public static final String SLACK = "slack";

    public enum Outcome {
        PENDING, SENT, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public NotificationDelivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }

    /** The sentence for {@link #lastError()}; empty when there is none (or it is a code this version does not know). */
    public Optional<String> lastErrorMessage() {
        return DeliveryError.describe(lastError);
    }
}
