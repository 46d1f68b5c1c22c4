package com.aitesting.executors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The one chunking rule of every executor. A step's work is a list of items {@code [0, total)} in a stable
 * order (a later chunk rebuilds the same list); a chunk runs items from its offset on {@code SCAN_CONCURRENCY}
 * virtual threads, each taking the next index. An item is taken only while its worst case ({@code itemBound},
 * each executor's own, from the probe timeouts the guard enforces) still ends inside the chunk's budget, so a
 * chunk never runs past it: everything below the returned offset was done, nothing above it was started.
 */
final class Probes {
    private Probes() {}

    /** Returns the offset the next chunk starts at ({@code total} when all was done). */
    static long run(StepContext context, long total, ItemCost cost, String what, LongConsumer item) {
        long offset = context.work().offset();
        int workers = (int) Math.max(1, Math.min(cost.workers(context.settings().concurrency(), context.rate()), total - offset));
        long takeUntil = context.takeUntil(cost, workers);
        AtomicLong next = new AtomicLong(offset);
        AtomicLong done = new AtomicLong(offset);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().name("probe-", w).start(() -> {
                while (!context.stopped() && failure.get() == null && System.nanoTime() < takeUntil) {
                    long index = next.getAndIncrement();
                    if (index >= total) {
                        return;
                    }
                    try {
                        item.accept(index);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                    long n = done.incrementAndGet();
                    context.progress(n, total, "checked " + n + " of " + total + " " + what);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while probing", e);
            }
        }
        if (failure.get() != null) {
            // a failure to record what was observed fails the step: nothing is silently skipped
            throw failure.get();
        }
        return Math.min(total, next.get());
    }
}
