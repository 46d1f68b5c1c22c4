package com.aitesting.core.finding;

import com.aitesting.core.page.PageKey;
import com.aitesting.core.run.RunId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A stored finding of one run (table findings, tenant-scoped). */
public record Finding(UUID id, RunId run, int stepIndex, NewFinding reported, String fingerprint, Instant createdAt) {
    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(reported, "reported");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Where it sorts in a run's list: most severe first, then newest first. */
    public PageKey pageKey() {
        return new PageKey(reported.severity().ordinal(), createdAt, id);
    }
}
