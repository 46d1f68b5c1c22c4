package com.aitesting.core.port;

import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The append-only history of each run (table run_events). Called inside {@link Transactions#inTenant}. */
public interface RunEventStore {
    /**
     * Appends with the run's next gap-free seq. Empty when nothing was written: the idempotency key was
     * already used for this run, or the run already has its terminal event (nothing follows it), or the
     * run is not visible to the bound tenant. Audit events ({@code notification.*}) are still accepted after
     * the terminal event.
     */
    Optional<RunEvent> append(RunId run, NewRunEvent event);

    /** The run's most recent event of one of {@code types}, if any. */
    Optional<RunEvent> latestOf(RunId run, Set<String> types);

    /** Events with seq > afterSeq, in seq order, at most {@code limit}. */
    List<RunEvent> listAfter(RunId run, long afterSeq, int limit);
}
