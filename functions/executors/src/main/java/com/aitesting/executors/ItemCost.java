package com.aitesting.executors;

import java.time.Duration;

/**
 * The worst case of one work item of an executor: at most {@code probes} rate-limited probes, each ending
 * within {@code probe} (connect and connection-lifetime timeouts the guard enforces), plus {@code lookups}
 * of DNS time (not rate-limited). With {@code workers} items in flight sharing a limiter of {@code perSecond}
 * probes per second, a probe waits at most workers / perSecond for its slot.
 */
record ItemCost(int probes, Duration probe, Duration lookups) {

    static ItemCost of(int probes, Duration probe) {
        return new ItemCost(probes, probe, Duration.ZERO);
    }

    /**
     * How many items may be in flight at {@code perSecond}: more than the rate can serve within one probe's
     * time adds only waiting (which would stretch every item's worst case), never throughput. 0 = unlimited.
     */
    int workers(int concurrency, double perSecond) {
        if (perSecond <= 0 || probes == 0) {
            return concurrency;
        }
        long useful = (long) Math.ceil(perSecond * probe.toNanos() / 1e9) + 1;
        return (int) Math.max(1, Math.min(concurrency, useful));
    }

    /** The longest one item can take with {@code workers} in flight at {@code perSecond} (0 = unlimited). */
    Duration bound(int workers, double perSecond) {
        Duration wait = perSecond <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(workers * 1e9 / perSecond));
        return probe.plus(wait).multipliedBy(probes).plus(lookups);
    }
}
