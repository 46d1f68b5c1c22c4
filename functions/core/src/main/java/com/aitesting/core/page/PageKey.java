package com.aitesting.core.page;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a page ends: the sort key of its last item. Every list is ordered by (rank, created_at, id), all
 * descending; the next page holds the items strictly after this key in that order (keyset paging), so rows
 * inserted meanwhile never shift it. {@code rank} leads for lists that group before time (findings: the
 * severity, most severe first); lists ordered by time alone (newest first) use 0.
 */
public record PageKey(int rank, Instant createdAt, UUID id) {
    public PageKey {
        if (rank < 0) {
            throw new IllegalArgumentException("a rank is 0 or more");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The key of a newest-first list (no rank). */
    public PageKey(Instant createdAt, UUID id) {
        this(0, createdAt, id);
    }
}
