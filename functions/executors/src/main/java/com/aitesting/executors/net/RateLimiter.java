package com.aitesting.executors.net;

import com.aitesting.core.execution.StopSignal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces probes evenly at {@code perSecond} (no bursts after idling), shared by all probe threads of a
 * step. A rate of 0 or less means unlimited (the benchmark only).
 */
final class RateLimiter {
    private final long intervalNanos;
    private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());

    RateLimiter(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / perSecond));
    }

    /** Waits for the next slot; false when the step was stopped meanwhile. */
    boolean acquire(StopSignal stop) {
        if (intervalNanos == 0) {
            return !stop.stopped();
        }
        long now = System.nanoTime();
        long slot;
        while (true) {
            long next = nextSlot.get();
            slot = Math.max(next, now);
            if (nextSlot.compareAndSet(next, slot + intervalNanos)) {
                break;
            }
        }
        // Wake at least every 50 ms so a stop is seen quickly even at very low rates.
        while (!stop.stopped()) {
            long wait = slot - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
        }
        return false;
    }
}
