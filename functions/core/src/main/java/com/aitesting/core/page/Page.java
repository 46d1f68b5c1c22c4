package com.aitesting.core.page;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a list (in its order, see {@link PageKey}) and, when more items follow, the key to ask for the next one. */
public record Page<T>(List<T> items, Optional<PageKey> next) {
    public Page {
        items = List.copyOf(items);
        java.util.Objects.requireNonNull(next, "next");
    }

    /**
     * From what a repository returned for {@code request.limit() + 1} rows: the extra row only says that
     * another page exists, so no second query is needed to know.
     */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, PageKey> key) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> items = fetched.subList(0, request.limit());
        return new Page<>(items, Optional.of(key.apply(items.get(items.size() - 1))));
    }

    /** How many rows to ask the repository for. */
    public static int fetchSize(PageRequest request) {
        return request.limit() + 1;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
