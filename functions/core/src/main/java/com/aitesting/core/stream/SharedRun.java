package com.aitesting.core.stream;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What this process's open streams of ONE run (of one tenant) share: the run's one watch on the signals,
 * fanned out to the streams, and a small window of the run's most recent events. A wake-up then costs one
 * store read of the new events (by whichever stream asks first; the others at the same position wait for
 * it and take the events from the window), not one read per stream. A stream behind the window, or one
 * the window cannot place, reads the store itself as before.
 *
 * <p>Why the window never hides an event. Signals come only after the commit of what they announce, and
 * each one advances {@link #generation} BEFORE the streams hear of it. A stream notes the generation when
 * it starts a read; the window answers "nothing new" only when a store read that started at that
 * generation or later reached the store's head ({@link #freshAs}). Anything committed after that read
 * started announces itself with a later signal, which the stream (already watching) receives.
 *
 * <p>Isolation: one instance per (tenant, run), created only for a feed that {@link StreamRunEvents#open}
 * admitted, and its store reads run in transactions bound to that tenant, so a stream can only ever be
 * given events that its own tenant-bound read would have returned. Memory: at most {@code capacity}
 * events per run with open streams; dropped with the run's last stream.
 */
final class SharedRun {
    private static final System.Logger LOG = System.getLogger(SharedRun.class.getName());

    /** One tenant-bound store read: events after {@code afterSeq}; {@code ended} = empty and nothing more will come. */
    record Read(long afterSeq, List<RunEvent> events, boolean full, boolean ended) {}

    /** The store, bound to this run's tenant. */
    interface Store {
        Read read(long afterSeq, int limit);
    }

    private final Store store;
    private final int capacity;
    private final Consumer<SharedRun> onRetired;
    private final AtomicLong generation = new AtomicLong();
    private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
    private volatile RunEventSignals.Watch signals;

    // guarded by this
    private final List<RunEvent> recent = new ArrayList<>(); // contiguous seqs, the last one is head
    private boolean known; // head (and firstSeq) name a real event; until then every stream reads for itself
    private long firstSeq;
    private long head;
    private long freshAs = -1; // every event signalled up to this generation is <= head
    private long endedAt = -1; // head at which the store said nothing more will come
    private CompletableFuture<Void> refresh; // the one store read of new events in flight, if any
    private boolean retired;

    private record Listener(Runnable onSignal) {}

    SharedRun(Store store, int capacity, Consumer<SharedRun> onRetired) {
        this.store = store;
        this.capacity = capacity;
        this.onRetired = onRetired;
    }

    /** Called once, right after construction: the run's one watch on the process's signals. */
    void listen(RunEventSignals signalsPort, TenantId tenant, RunId run) {
        signals = signalsPort.watch(tenant, run, this::onSignal);
    }

    /** A stream's watch; null when this run's share has just been retired (the caller makes a new one). */
    RunEventSignals.Watch add(Runnable onSignal) {
        Listener listener = new Listener(onSignal);
        synchronized (this) {
            if (retired) {
                return null;
            }
            listeners.add(listener);
        }
        return () -> remove(listener);
    }

    private void remove(Listener listener) {
        synchronized (this) {
            if (!listeners.remove(listener) || !listeners.isEmpty()) {
                return;
            }
            retired = true;
            recent.clear();
        }
        onRetired.accept(this);
        RunEventSignals.Watch w = signals;
        if (w != null) {
            w.close();
        }
    }

    private void onSignal() {
        generation.incrementAndGet(); // before any stream hears of it: see the class comment
        for (Listener l : listeners) {
            try {
                l.onSignal().run();
            } catch (RuntimeException e) {
                // one broken stream must not starve the others of their signals
                LOG.log(System.Logger.Level.ERROR, "A run event stream failed on a signal", e);
            }
        }
    }

    /** Up to {@code limit} events after {@code afterSeq} for one of this run's streams (see {@link StreamRunEvents.Feed#next}). */
    StreamRunEvents.Page next(long afterSeq, int limit) {
        long wanted = generation.get();
        while (true) {
            CompletableFuture<Void> waitFor = null;
            CompletableFuture<Void> lead = null;
            long readAfter = 0;
            long readAs = 0;
            synchronized (this) {
                if (retired || !known || afterSeq < firstSeq - 1 || afterSeq > head) {
                    // behind the window (or nothing to place it by yet): this stream reads for itself. Also
                    // once retired (its last stream left while this read was under way): the window takes no
                    // more reads, so waiting for it to advance would read the store again and again, forever
                } else if (afterSeq < head) {
                    return fromWindow(afterSeq, limit, wanted);
                } else if (freshAs >= wanted) {
                    return new StreamRunEvents.Page(List.of(), endedAt == head, false);
                } else if (refresh != null) {
                    waitFor = refresh; // then look again: it may be older than this stream's signal
                } else {
                    lead = refresh = new CompletableFuture<>();
                    readAfter = head;
                    readAs = generation.get();
                }
            }
            if (waitFor != null) {
                await(waitFor);
            } else if (lead != null) {
                readNewEvents(lead, readAfter, readAs);
            } else {
                long readAsDirect = generation.get();
                Read read = store.read(afterSeq, limit);
                synchronized (this) {
                    offer(read, readAsDirect);
                }
                return StreamRunEvents.page(read);
            }
        }
    }

    private void readNewEvents(CompletableFuture<Void> lead, long afterSeq, long readAs) {
        Read read;
        try {
            read = store.read(afterSeq, capacity);
        } catch (RuntimeException e) {
            synchronized (this) {
                refresh = null;
            }
            lead.completeExceptionally(e);
            throw e;
        }
        synchronized (this) {
            offer(read, readAs);
            refresh = null;
        }
        lead.complete(null);
    }

    private static void await(CompletableFuture<Void> refresh) {
        try {
            refresh.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause; // the shared read failed: so does this stream's (it closes, the client resumes)
            }
            throw e;
        }
    }

    /** Events of the window after {@code afterSeq} (firstSeq - 1 <= afterSeq < head), cut after a terminal one. */
    private StreamRunEvents.Page fromWindow(long afterSeq, int limit, long wanted) {
        int from = (int) (afterSeq + 1 - firstSeq);
        int to = Math.min(recent.size(), from + limit);
        List<RunEvent> page = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            RunEvent event = recent.get(i);
            page.add(event);
            if (event.isTerminal()) {
                return new StreamRunEvents.Page(page, true, false);
            }
        }
        boolean atFreshHead = page.getLast().seq() == head && freshAs >= wanted;
        // not at a fresh head: more may be waiting, and the stream comes back for it at once
        return new StreamRunEvents.Page(page, atFreshHead && endedAt == head, !atFreshHead);
    }

    /** Adds what a store read (started at generation {@code readAs}) returned to the window. Guarded by this. */
    private void offer(Read read, long readAs) {
        if (retired) {
            return;
        }
        List<RunEvent> events = read.events();
        long after = read.afterSeq();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != after + 1 + i) {
                return; // not a contiguous page: never the case for a gap-free seq, but then the window stays out of it
            }
        }
        long end = after + events.size();
        if (!known || after > head) {
            if (events.isEmpty()) {
                return; // an empty read cannot say that its afterSeq is a real event
            }
            known = true;
            recent.clear();
            firstSeq = after + 1;
            head = after;
        }
        if (end > head) {
            recent.addAll(events.subList((int) (head - after), events.size()));
            head = end;
            int over = recent.size() - capacity;
            if (over > 0) {
                recent.subList(0, over).clear();
                firstSeq += over;
            }
        }
        if (!read.full()) { // the read reached the store's head, which is <= head
            freshAs = Math.max(freshAs, readAs);
        }
        if (end == head && (read.ended() || (!events.isEmpty() && events.getLast().isTerminal()))) {
            endedAt = head;
        }
    }
}
