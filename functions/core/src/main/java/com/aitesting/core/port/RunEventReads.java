package com.aitesting.core.port;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import java.util.List;
import java.util.Optional;

/**
 * What a stream reads of a run: its head and its events after a position. Called inside
 * {@link Transactions#inTenant}, so row-level security decides what is visible. Implemented over JDBC and
 * over the Aurora Data API with the same SQL; nothing here writes.
 */
public interface RunEventReads {
    /** The run's status, last seq and terminal event's seq; empty when the run is not visible to the bound tenant. */
    Optional<RunHead> head(RunId run);

    /** Events with seq > afterSeq, in seq order, at most {@code limit}. */
    List<RunEvent> listAfter(RunId run, long afterSeq, int limit);
}
