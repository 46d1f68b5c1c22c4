package com.aitesting.sfnlocal.asl;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/** One Retry entry. {@code maxDelaySeconds} 0 means no cap. */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      long maxDelaySeconds, boolean fullJitter) {

    /** AWS caps every retry delay at one year (366 days). */
    static final long MAX_DELAY_SECONDS = 31_622_400L;

    public Retrier {
        errorEquals = List.copyOf(errorEquals);
    }

    public boolean matches(String error) {
        return ErrorNames.matches(errorEquals, error);
    }

    /** The pause before retry number {@code attemptsSoFar + 1}: interval * rate^attempts, capped, optionally jittered. */
    public Duration delay(int attemptsSoFar, RandomGenerator random) {
        double seconds = intervalSeconds * Math.pow(backoffRate, attemptsSoFar);
        seconds = Math.min(seconds, maxDelaySeconds > 0 ? maxDelaySeconds : MAX_DELAY_SECONDS);
        if (fullJitter) {
            seconds = random.nextDouble() * seconds;
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
