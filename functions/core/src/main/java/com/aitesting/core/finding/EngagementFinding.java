package com.aitesting.core.finding;

import com.aitesting.core.page.PageKey;
import com.aitesting.core.run.RunId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One issue of an engagement across its runs: the latest finding with its fingerprint, and when it was first
 * reported ({@code firstSeenId} is that first finding's id). The latest finding's run and time are when it was
 * last seen; {@code runsSeen} counts the runs that reported it.
 */
public record EngagementFinding(Finding latest, UUID firstSeenId, RunId firstSeenRun, Instant firstSeenAt, int runsSeen) {
    public EngagementFinding {
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(firstSeenId, "firstSeenId");
        Objects.requireNonNull(firstSeenRun, "firstSeenRun");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        if (runsSeen < 1) {
            throw new IllegalArgumentException("a finding is seen by at least one run");
        }
    }

    /**
     * Where it sorts in an engagement's list: most severe first, then the most recently first seen first. The
     * first sighting never changes, so a new issue sorts before every page already read.
     */
    public PageKey pageKey() {
        return new PageKey(latest.reported().severity().ordinal(), firstSeenAt, firstSeenId);
    }

    public RunId lastSeenRun() {
        return latest.run();
    }

    public Instant lastSeenAt() {
        return latest.createdAt();
    }
}
