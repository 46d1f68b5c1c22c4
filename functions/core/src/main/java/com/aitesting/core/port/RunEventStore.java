package com.aitesting.core.port;

import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The append-only history of each run (table run_events). Called inside {@link Transactions#inTenant}. */
public interface RunEventStore {
    /**
     * Appends with the run's next gap-free seq, under the run's lock, when {@code guard} admits it. Empty when
     * nothing was written: the guard refused (the idempotency key was used already for this run, the run has
     * ended, see {@link RunLifecycle#guard}) or the run is not visible to the bound tenant.
     */
    Optional<RunEvent> append(RunId run, NewRunEvent event, AppendGuard guard);

    /** {@link #append(RunId, NewRunEvent, AppendGuard)} with the guard the lifecycle gives the event's type. */
    default Optional<RunEvent> append(RunId run, NewRunEvent event) {
        return append(run, event, RunLifecycle.guard(event.type()));
    }

    /**
     * A step's progress as one write: appends {@code event} as {@link #append(RunId, NewRunEvent)} does and,
     * only when it was written, sets the run's {@code progress}. Joins the transaction open on this thread
     * (for {@code tenant}); with none open it is a transaction of its own, committed when this returns, which
     * the Postgres store sends in one round trip (docs/benchmarks.md).
     */
    Optional<RunEvent> appendWithProgress(TenantId tenant, RunId run, NewRunEvent event, RunProgress progress);

    /** The run's most recent event of one of {@code types}, if any. */
    Optional<RunEvent> latestOf(RunId run, Set<String> types);

    /** Events with seq > afterSeq, in seq order, at most {@code limit}. */
    List<RunEvent> listAfter(RunId run, long afterSeq, int limit);

    /** Every event of the run of {@code type}, in seq order, read page by page. */
    default List<RunEvent> allOf(RunId run, String type) {
        int pageSize = 1_000;
        List<RunEvent> matching = new ArrayList<>();
        long after = 0;
        while (true) {
            List<RunEvent> page = listAfter(run, after, pageSize);
            page.stream().filter(event -> event.type().equals(type)).forEach(matching::add);
            if (page.size() < pageSize) {
                return matching;
            }
            after = page.getLast().seq();
        }
    }

}
