package com.aitesting.core.notification;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Slack post is retried: at most {@code maxAttempts} attempts in all; between them exponential backoff
 * with full jitter (a uniformly random wait in [0, min(maxBackoff, baseBackoff * 2^(retry-1))]), so that many
 * notifiers failing together do not retry in lockstep; a 429's Retry-After is honoured up to
 * {@code maxRetryAfter}, so a hostile or confused receiver cannot park the notifier for an hour.
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts must be within 1..20, was " + maxAttempts);
        }
        requirePositive(baseBackoff, "baseBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        requirePositive(maxRetryAfter, "maxRetryAfter");
        if (maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than baseBackoff");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /**
     * The wait before retry number {@code retry} (1 = the wait after the first attempt), given a uniform
     * random number in [0, 1).
     */
    public Duration backoff(int retry, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry starts at 1");
        }
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1)");
        }
        long base = baseBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        // base * 2^(retry-1), computed so that a large retry number saturates at the cap instead of overflowing.
        long ceiling = retry - 1 >= Long.numberOfLeadingZeros(base) - 1 ? cap : Math.min(cap, base << (retry - 1));
        return Duration.ofMillis((long) Math.floor(random * (ceiling + 1)));
    }

    /** The wait a 429 asks for, capped; absent when the response named none (the caller falls back to backoff). */
    public Optional<Duration> retryAfter(Optional<Duration> requested) {
        return requested.map(d -> d.isNegative() ? Duration.ZERO : d)
                .map(d -> d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d);
    }

    /** The longest all waits of one delivery can add up to (attempt time excluded). */
    public Duration maxTotalWait() {
        Duration perWait = maxBackoff.compareTo(maxRetryAfter) > 0 ? maxBackoff : maxRetryAfter;
        return perWait.multipliedBy(maxAttempts - 1L);
    }
}
