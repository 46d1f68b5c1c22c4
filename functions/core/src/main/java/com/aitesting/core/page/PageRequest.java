package com.aitesting.core.page;

import com.aitesting.core.error.InvalidInputException;
import java.util.Optional;

/** Which page of a list: at most {@code limit} items after {@code after} (empty: from the start). */
public record PageRequest(int limit, Optional<PageKey> after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInputException.of("limit", "must be 1-" + MAX_LIMIT);
        }
        java.util.Objects.requireNonNull(after, "after");
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public static PageRequest first() {
        return first(DEFAULT_LIMIT);
    }

    public PageRequest after(PageKey key) {
        return new PageRequest(limit, Optional.of(key));
    }
}
