package com.aitesting.core.stream;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /v2/runs/{id}/events: a run's history, then its live events, up to and including its terminal
 * event. {@link #open} checks the run before anything is streamed (another tenant's run is not found);
 * the returned feed then reads pages in short tenant-bound transactions, so an open stream holds no
 * database connection while it waits.
 *
 * <p>Where many streams share a process (the embedded server), the streams of one run share one watch and
 * one window of recent events ({@link SharedRun}). Where each stream is its own process (the SSE Lambda on
 * AWS), {@link #unshared} makes each feed a plain loop over {@link RunEventReads}: signal, read after the
 * last seq, repeat.
 */
public final class StreamRunEvents {
    /** Events kept per run with open streams, for its streams to share (see {@link SharedRun}). */
    public static final int DEFAULT_SHARED_EVENTS = 256;

    private final Transactions transactions;
    private final RunEventReads reads;
    private final RunEventSignals signals;
    private final int sharedEvents; // 0: every feed reads for itself
    private final Map<Key, SharedRun> shared = new ConcurrentHashMap<>();

    private record Key(TenantId tenant, RunId run) {}

    public StreamRunEvents(Transactions transactions, RunEventReads reads, RunEventSignals signals) {
        this(transactions, reads, signals, DEFAULT_SHARED_EVENTS);
    }

    /**
     * @param sharedEvents at most this many recent events are kept per run with open streams, shared by them;
     *                     0: nothing is shared, every feed watches and reads for itself ({@link #unshared})
     */
    public StreamRunEvents(Transactions transactions, RunEventReads reads, RunEventSignals signals, int sharedEvents) {
        if (sharedEvents < 0) {
            throw new IllegalArgumentException("sharedEvents must be >= 0, was " + sharedEvents);
        }
        this.transactions = transactions;
        this.reads = reads;
        this.signals = signals;
        this.sharedEvents = sharedEvents;
    }

    /** One stream per process (the SSE Lambda): no shared window, each feed watches and reads for itself. */
    public static StreamRunEvents unshared(Transactions transactions, RunEventReads reads, RunEventSignals signals) {
        return new StreamRunEvents(transactions, reads, signals, 0);
    }

    /**
     * A feed of {@code run}'s events for a stream resuming at {@code from}, checked against the run's head
     * before anything is streamed.
     *
     * @throws NotFoundException     the run is not visible to the tenant (another tenant's run included)
     * @throws InvalidInputException {@code from} is past the run's last event ({@link ResumePoint#hasAll})
     */
    public Feed open(TenantId tenant, RunId run, ResumePoint from) {
        RunHead head = transactions.inTenant(tenant, () -> reads.head(run)).orElseThrow(() -> new NotFoundException("run", run));
        return new Feed(tenant, run, from.hasAll(head));
    }

    /** Runs with open watches in this process (each holds one signal watch and a bounded window of events). */
    public int sharedRuns() {
        return shared.size();
    }

    /**
     * A page of a run's events; after sending them the stream is complete when {@code ended}. {@code more}:
     * more events may already be waiting after this page, so the stream should read again without waiting
     * for a signal (a full page, or a page from the shared window that did not reach a fresh head).
     */
    public record Page(List<RunEvent> events, boolean ended, boolean more) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /** One run's events for one tenant; used by one stream. */
    public final class Feed {
        private final TenantId tenant;
        private final RunId run;
        private final boolean hasAll;
        private volatile SharedRun sharedRun; // while watching: the reads shared with the run's other streams

        private Feed(TenantId tenant, RunId run, boolean hasAll) {
            this.tenant = tenant;
            this.run = run;
            this.hasAll = hasAll;
        }

        public RunId run() {
            return run;
        }

        /**
         * The client resumed at or after the terminal event: it has everything, and {@link #next} answers an
         * ended page with nothing in it (an SSE stream answers 204 instead, so an EventSource stops).
         */
        public boolean hasAll() {
            return hasAll;
        }

        /**
         * Up to {@code limit} events after {@code afterSeq}, in seq order, cut after a terminal event (the
         * store refuses appends after one; the cut makes sure a stream never passes it). {@code ended} says
         * the stream is complete once these are sent: the page holds the terminal event, or there is nothing
         * after {@code afterSeq} and either the client already has the terminal event (it resumed after it)
         * or the run has finished or is no longer visible.
         *
         * <p>While this feed {@link #watch watches}, the answer may come from the events its run's other
         * streams already read since the last signal (one store read per wake-up for all of them); it is
         * then never older than the last signal this feed received before the call.
         */
        public Page next(long afterSeq, int limit) {
            if (hasAll) {
                // audit events may follow the terminal event in the store (a Slack delivery that gives up
                // later); a stream resuming after it is not served those, nor left waiting for more
                return new Page(List.of(), true, false);
            }
            SharedRun s = sharedRun;
            return s != null ? s.next(afterSeq, limit) : page(read(tenant, run, afterSeq, limit));
        }

        /** Register BEFORE the first {@link #next}, so an event appended in between still signals. */
        public RunEventSignals.Watch watch(Runnable onSignal) {
            if (sharedEvents == 0) {
                return signals.watch(tenant, run, onSignal);
            }
            Key key = new Key(tenant, run);
            while (true) {
                SharedRun s = shared.computeIfAbsent(key, StreamRunEvents.this::share);
                RunEventSignals.Watch watch = s.add(onSignal);
                if (watch != null) {
                    sharedRun = s;
                    return () -> {
                        sharedRun = null;
                        watch.close();
                    };
                }
                // that run's share was retired by its last stream just now and is leaving the map; the next one is fresh
                Thread.onSpinWait();
            }
        }
    }

    /** A new share of one run: its one watch on the signals, and its window, dropped with its last stream. */
    private SharedRun share(Key key) {
        SharedRun run = new SharedRun((after, limit) -> read(key.tenant(), key.run(), after, limit), sharedEvents,
                retired -> shared.remove(key, retired));
        run.listen(signals, key.tenant(), key.run());
        return run;
    }

    /** One tenant-bound read of the store. */
    private SharedRun.Read read(TenantId tenant, RunId run, long afterSeq, int limit) {
        return transactions.inTenant(tenant, () -> {
            List<RunEvent> page = reads.listAfter(run, afterSeq, limit);
            return new SharedRun.Read(afterSeq, page, page.size() >= limit, page.isEmpty() && nothingMoreToCome(run, afterSeq));
        });
    }

    /** A read as a stream's page: cut after a terminal event. */
    static Page page(SharedRun.Read read) {
        List<RunEvent> upToTerminal = new ArrayList<>(read.events().size());
        for (RunEvent event : read.events()) {
            upToTerminal.add(event);
            if (event.isTerminal()) {
                return new Page(upToTerminal, true, false);
            }
        }
        return new Page(upToTerminal, read.ended(), read.full());
    }

    /**
     * The run has finished with no event after {@code afterSeq} (or is gone). A stream never reads from at or
     * after the terminal event (its page is cut there, and a resume there {@link Feed#hasAll has all}), so no
     * other case remains. The head is its own statement, with a newer snapshot than the empty read before it:
     * a run that ended in between shows a final status with events still to read, which the next read delivers.
     */
    private boolean nothingMoreToCome(RunId run, long afterSeq) {
        return reads.head(run).map(h -> h.status().isTerminal() && h.lastEventSeq() <= afterSeq).orElse(true);
    }
}
