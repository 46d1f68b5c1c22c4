package com.aitesting.postgres.tail;

import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback where LISTEN is not available (EVENT_TAIL=poll, or LISTEN failed at start): ONE poller per
 * process, however many streams. Every interval it reads the head (the newest seq of the run's events,
 * {@link com.aitesting.postgres.read.RunReadSql#HEAD}) of each watched run and wakes the run's watchers when
 * it moved. Row-level security stays in force: the poller binds each watching tenant in turn through the
 * same {@link Transactions} as every use case (one short transaction per tenant per tick), so it needs
 * no privileged role and no SECURITY DEFINER function, and can only see what its watchers could see.
 */
public final class PollingTail implements EventTail {
    private static final Logger LOG = LoggerFactory.getLogger(PollingTail.class);

    private final Watchers watchers = new Watchers();
    private final Transactions transactions;
    private final RunEventReads runs;
    private final ScheduledExecutorService timer;
    /** The head last seen per run; a run seen for the first time is signalled once (its watcher may have read before it). */
    private final Map<RunId, Long> heads = new ConcurrentHashMap<>();

    private PollingTail(Transactions transactions, RunEventReads runs) {
        this.transactions = transactions;
        this.runs = runs;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("run-events-poll").daemon().factory());
    }

    public static PollingTail start(Transactions transactions, RunEventReads runs, Duration interval) {
        PollingTail tail = new PollingTail(transactions, runs);
        tail.timer.scheduleWithFixedDelay(tail::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return tail;
    }

    @Override
    public Watch watch(TenantId tenant, RunId run, Runnable onSignal) {
        return watchers.add(tenant, run, onSignal);
    }

    private void poll() {
        Map<TenantId, Set<RunId>> watched = watchers.runsByTenant();
        heads.keySet().removeIf(run -> watched.values().stream().noneMatch(s -> s.contains(run)));
        for (Map.Entry<TenantId, Set<RunId>> entry : watched.entrySet()) {
            try {
                Map<RunId, Long> current = transactions.inTenant(entry.getKey(), () -> {
                    Map<RunId, Long> m = new HashMap<>();
                    for (RunId run : entry.getValue()) {
                        Optional<RunHead> found = runs.head(run);
                        found.ifPresent(r -> m.put(run, r.lastEventSeq()));
                    }
                    return m;
                });
                current.forEach((run, head) -> {
                    Long previous = heads.put(run, head);
                    if (previous == null || previous.longValue() != head) {
                        watchers.signal(run);
                    }
                });
            } catch (RuntimeException e) {
                // the next tick tries again; watchers lose nothing, they only hear of it later
                LOG.warn("Polling run heads for tenant {} failed: {}", entry.getKey(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
