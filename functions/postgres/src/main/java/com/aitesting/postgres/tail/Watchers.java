package com.aitesting.postgres.tail;

import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.RunEventSignals;
import com.aitesting.core.tenant.TenantId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process's watchers by run: the in-memory fan-out behind the one listening connection (or poller). */
final class Watchers {
    private static final Logger LOG = LoggerFactory.getLogger(Watchers.class);

    private record Watcher(TenantId tenant, Runnable onSignal) {}

    private final Map<RunId, Set<Watcher>> byRun = new ConcurrentHashMap<>();

    RunEventSignals.Watch add(TenantId tenant, RunId run, Runnable onSignal) {
        Watcher watcher = new Watcher(tenant, onSignal);
        byRun.compute(run, (id, set) -> {
            Set<Watcher> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(watcher);
            return s;
        });
        return () -> byRun.computeIfPresent(run, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    void signal(RunId run) {
        Set<Watcher> set = byRun.get(run);
        if (set != null) {
            set.forEach(Watchers::call);
        }
    }

    void signalAll() {
        byRun.values().forEach(set -> set.forEach(Watchers::call));
    }

    /** The watched runs grouped by the tenant that watches them (a run id is only ever one tenant's). */
    Map<TenantId, Set<RunId>> runsByTenant() {
        Map<TenantId, Set<RunId>> result = new HashMap<>();
        byRun.forEach((run, set) -> set.forEach(w -> result.computeIfAbsent(w.tenant(), t -> new HashSet<>()).add(run)));
        return result;
    }

    int runCount() {
        return byRun.size();
    }

    private static void call(Watcher watcher) {
        try {
            watcher.onSignal().run();
        } catch (RuntimeException e) {
            // one broken watcher must not starve the others of their signals
            LOG.error("A run event watcher failed on a signal", e);
        }
    }
}
