package com.aitesting.core;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** "Now" at the precision PostgreSQL stores (microseconds), so a returned object equals its re-read self. */
public final class Timestamps {
    public static Instant now(Clock clock) {
        return stored(clock.instant());
    }

    /** {@code instant} as PostgreSQL stores it. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private Timestamps() {}
}
