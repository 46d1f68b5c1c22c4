package com.aitesting.sfnlocal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every wait in the engine (Wait states, retry backoff, task and heartbeat timeouts) parks the calling
 * virtual thread on futures completed by one scheduler thread, so nothing sleeps or polls.
 */
final class Timers implements AutoCloseable {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sfn-local-timers").daemon().factory());

    /** The engine's clock, at the millisecond precision that every persisted timestamp keeps. */
    static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Returns when {@code deadline} passes or any wake-up completes; throws {@link Cancelled} if the scope is cancelled. */
    void awaitUntil(Instant deadline, Scope scope, CompletableFuture<?>... wakeUps) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        long delay = delayMillis(deadline);
        ScheduledFuture<?> scheduled = delay == 0 ? null
                : scheduler.schedule(() -> timer.complete(null), delay, TimeUnit.MILLISECONDS);
        if (scheduled == null) {
            timer.complete(null);
        }
        try {
            await(scope, timer, wakeUps);
        } finally {
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Returns when any wake-up completes; throws {@link Cancelled} if the scope is cancelled. */
    void await(Scope scope, CompletableFuture<?> first, CompletableFuture<?>... more) {
        List<CompletableFuture<?>> all = new ArrayList<>(List.of(first, scope.signal()));
        for (CompletableFuture<?> f : more) {
            if (f != null) {
                all.add(f);
            }
        }
        CompletableFuture.anyOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        scope.throwIfCancelled();
    }

    ScheduledFuture<?> schedule(Instant at, Runnable action) {
        return scheduler.schedule(action, delayMillis(at), TimeUnit.MILLISECONDS);
    }

    /**
     * Rounded up, plus a millisecond: the scheduler counts on the monotonic clock, deadlines are wall-clock
     * instants, and a timer that fires a hair early would end a timeout before the time it reports.
     */
    private static long delayMillis(Instant deadline) {
        long nanos = Duration.between(Instant.now(), deadline).toNanos();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000 + 1;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
