package com.aitesting.core.run;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What an append checks under the run's lock, as {@link RunLifecycle#guard} states it for the event's type:
 * the idempotency key is unused (always), the run's status is not one of {@code refusedStatuses}, and none of
 * {@code refusedAfterKeys} is used yet (the end events' keys). A store applies it and restates nothing.
 */
public record AppendGuard(Set<RunStatus> refusedStatuses, Set<String> refusedAfterKeys) {
    static final AppendGuard KEY_ONLY = new AppendGuard(Set.of(), Set.of());
    static final AppendGuard END_EVENT = new AppendGuard(Set.of(), RunLifecycle.END_EVENTS);
    static final AppendGuard ORDINARY = new AppendGuard(RunLifecycle.ENDED, RunLifecycle.END_EVENTS);

    public AppendGuard {
        refusedStatuses = Set.copyOf(Objects.requireNonNull(refusedStatuses, "refusedStatuses"));
        refusedAfterKeys = Set.copyOf(Objects.requireNonNull(refusedAfterKeys, "refusedAfterKeys"));
    }

    /** The guard on a run in {@code status} whose used keys {@code used} answers; for in-memory stores. */
    public boolean admits(NewRunEvent event, RunStatus status, Predicate<String> used) {
        return !used.test(event.idempotencyKey()) && !refusedStatuses.contains(status)
                && refusedAfterKeys.stream().noneMatch(used);
    }
}
