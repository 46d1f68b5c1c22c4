package com.aitesting.core.page;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a page of a newest-first list ends: the (created_at, id) of its last item. The next page holds the
 * items strictly older in that order (keyset paging), so rows inserted meanwhile (newer) never shift it.
 */
public record PageKey(Instant createdAt, UUID id) {
    public PageKey {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }
}
