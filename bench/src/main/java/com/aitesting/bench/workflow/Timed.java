package com.aitesting.bench.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Runs work items on {@code concurrency} threads, each taking the next item when it is done. */
public final class Timed {
    /** One item's work. */
    @FunctionalInterface
    public interface Work<T> {
        void run(T item) throws Exception;
    }

    /** Wall time of the whole batch, and the sum of the items' own durations (for mean latency). */
    public record Result(long elapsedNanos, long summedItemNanos, int items) {
        public double seconds() {
            return elapsedNanos / 1e9;
        }

        public double perSecond(double count) {
            return count / seconds();
        }

        public double meanItemMillis() {
            return summedItemNanos / 1e6 / items;
        }
    }

    public static <T> Result run(List<T> items, int concurrency, Work<T> work) throws Exception {
        return run(items, concurrency, false, work);
    }

    /** {@code virtual}: the workers are virtual threads (carried by the JDK's scheduler, one carrier per CPU). */
    public static <T> Result run(List<T> items, int concurrency, boolean virtual, Work<T> work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        LongAdder itemNanos = new LongAdder();
        ExecutorService pool = virtual ? Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-v", 0).factory())
                : Executors.newFixedThreadPool(concurrency, Thread.ofPlatform().name("bench-", 0).factory());
        try {
            List<Future<?>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        work.run(items.get(i));
                        itemNanos.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
            long elapsed = System.nanoTime() - start;
            return new Result(elapsed, itemNanos.sum(), items.size());
        } finally {
            pool.shutdownNow();
        }
    }

    private Timed() {}
}
