package com.aitesting.core.stream;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;

/**
 * Tells a streaming reader that a run MAY have new events. Carries no events: the reader reads them
 * itself from the event store, so a lost, merged or spurious signal costs at most one extra read and
 * never an event. One adapter per process (PostgreSQL LISTEN/NOTIFY, or polling where LISTEN is not
 * available), shared by all of the process's streams.
 */
public interface RunEventSignals {

    /**
     * Calls {@code onSignal} whenever events may have been appended to {@code run}, and also after the
     * adapter lost track for a while (a reconnect), so every watcher re-reads. {@code onSignal} runs on
     * the adapter's thread and must not block.
     */
    Watch watch(TenantId tenant, RunId run, Runnable onSignal);

    /** Stops the signals of one {@link #watch}; idempotent. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
