package com.aitesting.core.port;

import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
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

    /** The run's most recent event of one of {@code types}, if any. */
    Optional<RunEvent> latestOf(RunId run, Set<String> types);

    /** Events with seq > afterSeq, in seq order, at most {@code limit}. */
    List<RunEvent> listAfter(RunId run, long afterSeq, int limit);
}
