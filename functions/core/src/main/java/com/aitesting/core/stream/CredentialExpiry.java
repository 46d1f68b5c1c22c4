package com.aitesting.core.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one time rule of an expiring credential (a stream token, a JWT's {@code exp}) and of what it opened:
 * it is accepted strictly before its expiry and refused from that instant on, and a live stream or
 * WebSocket connection it opened ends at that instant too, however long the connection itself could live
 * (docs/streaming.md, docs/websocket.md). Empty means a credential that never expires (dev headers).
 */
public final class CredentialExpiry {
    private CredentialExpiry() {}

    /** From {@code expiresAt} on (that instant included), the credential is no longer accepted. */
    public static boolean passed(Instant expiresAt, Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** How long what it opened may still run: empty when it never expires, zero once it has. */
    public static Optional<Duration> remaining(Optional<Instant> expiresAt, Clock clock) {
        Instant now = clock.instant();
        return expiresAt.map(at -> passed(at, now) ? Duration.ZERO : Duration.between(now, at));
    }

    /**
     * An expiry handed over as epoch seconds: a whole number, or its decimal digits (API Gateway passes a JWT's
     * claims and an authorizer's context values as strings); empty for anything else.
     */
    public static Optional<Instant> epochSeconds(Object value) {
        String digits = value instanceof Number || value instanceof String ? value.toString().strip() : "";
        return digits.matches("\\d{1,12}") ? Optional.of(Instant.ofEpochSecond(Long.parseLong(digits))) : Optional.empty();
    }

    /** The end of a connection that would live until {@code lifeEnd}: earlier if its credential expires first. */
    public static Instant endOfLife(Instant lifeEnd, Optional<Instant> expiresAt) {
        return expiresAt.filter(at -> at.isBefore(lifeEnd)).orElse(lifeEnd);
    }
}
