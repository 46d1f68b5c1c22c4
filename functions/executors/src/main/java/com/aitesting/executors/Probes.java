package com.aitesting.executors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Runs work items {@code [offset, total)} on {@code concurrency} virtual threads, each taking the next
 * index. No index is taken after the budget is spent or the step was stopped, so everything below the
 * returned offset was done (in-flight items finish or are cancelled by the guard).
 */
final class Probes {
    private Probes() {}

    /** Returns the offset the next chunk starts at ({@code total} when all was done). */
    static long run(long offset, long total, int concurrency, Duration budget, BooleanSupplier stopped, LongConsumer item) {
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicLong next = new AtomicLong(offset);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        int workers = (int) Math.max(1, Math.min(concurrency, total - offset));
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().name("probe-", w).start(() -> {
                while (!stopped.getAsBoolean() && failure.get() == null && System.nanoTime() < deadline) {
                    long index = next.getAndIncrement();
                    if (index >= total) {
                        return;
                    }
                    try {
                        item.accept(index);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
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
