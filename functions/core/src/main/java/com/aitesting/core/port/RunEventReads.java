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
    /** The run's status and last seq; empty when the run is not visible to the bound tenant. */
    Optional<RunHead> head(RunId run);

    /** Events with seq > afterSeq, in seq order, at most {@code limit}. */
    List<RunEvent> listAfter(RunId run, long afterSeq, int limit);

    /**
     * The event at {@code seq} is the run's terminal one: a stream or subscription resuming there has everything
     * it will get (audit events stored after it are never streamed) and ends at once.
     */
    default boolean isTerminalAt(RunId run, long seq) {
        return seq > 0 && listAfter(run, seq - 1, 1).stream().anyMatch(e -> e.seq() == seq && e.isTerminal());
    }
}
