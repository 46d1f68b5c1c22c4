package com.aitesting.core.finding;

import com.aitesting.core.run.RunId;
import java.time.Instant;
import java.util.Objects;

/**
 * One issue of an engagement across its runs: the latest finding with its fingerprint, and when it was first
 * reported. The latest finding's run and time are when it was last seen; {@code runsSeen} counts the runs that
 * reported it.
 */
public record EngagementFinding(Finding latest, RunId firstSeenRun, Instant firstSeenAt, int runsSeen) {
    public EngagementFinding {
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(firstSeenRun, "firstSeenRun");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        if (runsSeen < 1) {
            throw new IllegalArgumentException("a finding is seen by at least one run");
        }
    }

    public RunId lastSeenRun() {
        return latest.run();
    }

    public Instant lastSeenAt() {
        return latest.createdAt();
    }
}
