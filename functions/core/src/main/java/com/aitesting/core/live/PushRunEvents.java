package com.aitesting.core.live;

import com.aitesting.core.port.LiveConnections;
import com.aitesting.core.port.LivePush;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The WebSocket fan-out where the sockets are held elsewhere (API Gateway): after events of a run commit,
 * each subscriber of the run is sent the events after its cursor, in seq order, then {@code end} after the
 * terminal event. Subscribers are served in parallel; each one's cursor is advanced with a conditional
 * write BEFORE its events are sent, so of two pushers racing for one subscriber only one sends a given
 * event (no repeat), and a cursor only moves past events that are being sent (no gap). A connection found
 * gone loses its registry items (that connection's, never the caller's). A connection past its end of life
 * (its credential expired, or API Gateway's 2 h are up) is sent nothing more: it is told why, closed
 * through the management API and loses its items the same way ({@link #disconnectExpired}).
 *
 * <p>On AWS the writers (the workflow task functions, the API function's run controls) call it through
 * {@link RunEventsCommitted} right after their transaction commits, in their own invocation
 * (docs/websocket.md, "AWS").
 */
public final class PushRunEvents implements RunEventsCommitted {
    private static final System.Logger LOG = System.getLogger(PushRunEvents.class.getName());

    /** Events read per round; a longer backlog is sent in several rounds. */
    public static final int BATCH = 100;

    private final Transactions transactions;
    private final RunEventReads events;
    private final LiveConnections connections;
    private final LivePush push;
    private final LiveFrames frames;
    private final Executor parallel;
    private final Clock clock;

    public PushRunEvents(Transactions transactions, RunEventReads events, LiveConnections connections, LivePush push,
                         LiveFrames frames, Executor parallel, Clock clock) {
        this.transactions = transactions;
        this.events = events;
        this.connections = connections;
        this.push = push;
        this.frames = frames;
        this.parallel = parallel;
        this.clock = clock;
    }

    /**
     * {@link #afterCommit} for a writer: a failure (DynamoDB or the management API unavailable, throttled)
     * is logged with a correlation id and never reaches the writer, whose commit stands. What was not sent
     * goes out with the run's next commit (cursors move only past events that were sent) or when the
     * viewer subscribes again with {@code after}.
     */
    @Override
    public void committed(TenantId tenant, RunId run) {
        try {
            afterCommit(tenant, run);
        } catch (RuntimeException e) {
            String correlationId = UUID.randomUUID().toString();
            LOG.log(System.Logger.Level.WARNING, "Live push failed correlation_id=" + correlationId + " tenant=" + tenant.value()
                    + " run=" + run + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** After a commit of {@code run}'s events: every subscriber of the run. */
    public void afterCommit(TenantId tenant, RunId run) {
        // the index by run may hold another tenant's connection only if a run id were shared; never serve it
        List<LiveSubscriber> subscribers = connections.subscribers(run).stream().filter(s -> s.tenant().equals(tenant)).toList();
        Instant now = clock.instant();
        List<CompletableFuture<Void>> closing = subscribers.stream().filter(s -> s.expired(now))
                .map(s -> CompletableFuture.runAsync(() -> closeExpired(s), parallel)).toList();
        deliver(tenant, run, subscribers.stream().filter(s -> !s.expired(now)).toList());
        closing.forEach(CompletableFuture::join);
    }

    /** A failure to close one expired connection is logged: the next push tries again (its items are still there). */
    private void closeExpired(LiveSubscriber s) {
        try {
            connections.unsubscribe(s.connection(), s.run()); // this item even if the store lost its membership
            disconnectExpired(s.connection());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing an expired live connection failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * A connection past its end of life: the protocol's 401 error says why, the management API closes it, and
     * its registry items go, as for a connection found gone. Also what a subscribe or ping on it gets.
     */
    public void disconnectExpired(ConnectionId connection) {
        push.send(connection, frames.expired()); // gone already: nothing to tell
        push.disconnect(connection);
        connections.remove(connection);
    }

    /**
     * A new subscription: its backlog after its cursor, through the same claim as live events. One that
     * resumes at or after the terminal event is answered {@code end} before it is registered
     * ({@link com.aitesting.core.stream.ResumePoint#hasAll}), so its cursor is before that event.
     */
    public void catchUp(LiveSubscriber subscriber) {
        deliver(subscriber.tenant(), subscriber.run(), List.of(subscriber));
    }

    private void deliver(TenantId tenant, RunId run, List<LiveSubscriber> subscribers) {
        List<LiveSubscriber> pending = subscribers;
        while (!pending.isEmpty()) {
            long from = pending.stream().mapToLong(LiveSubscriber::cursor).min().orElseThrow();
            List<RunEvent> page = transactions.inTenant(tenant, () -> events.listAfter(run, from, BATCH));
            if (page.isEmpty()) {
                return;
            }
            List<CompletableFuture<LiveSubscriber>> sends = new ArrayList<>();
            for (LiveSubscriber s : pending) {
                sends.add(CompletableFuture.supplyAsync(() -> sendTo(s, page), parallel));
            }
            List<LiveSubscriber> again = new ArrayList<>();
            for (CompletableFuture<LiveSubscriber> f : sends) {
                LiveSubscriber next = f.join();
                if (next != null && page.size() == BATCH) {
                    again.add(next); // a full page: more may be waiting for this one
                }
            }
            pending = again;
        }
    }

    /** Sends the page's events after the subscriber's cursor; the subscriber as it is afterwards, or null when done. */
    private LiveSubscriber sendTo(LiveSubscriber s, List<RunEvent> page) {
        List<RunEvent> mine = new ArrayList<>();
        for (RunEvent e : page) {
            if (e.seq() > s.cursor()) {
                mine.add(e);
                if (e.isTerminal()) {
                    break;
                }
            }
        }
        if (mine.isEmpty() || mine.getFirst().seq() != s.cursor() + 1) {
            return null; // nothing new for it, or not contiguous with its cursor: another pusher is ahead of it
        }
        RunEvent last = mine.getLast();
        if (!connections.advance(s.connection(), s.run(), s.cursor(), last.seq())) {
            return null; // another pusher claimed these events for this subscriber
        }
        for (RunEvent e : mine) {
            LivePush.Outcome outcome;
            try {
                outcome = push.send(s.connection(), frames.event(e));
            } catch (RuntimeException failed) {
                // not sent (throttled, API error): give the unsent events back, so the next push sends them
                connections.advance(s.connection(), s.run(), last.seq(), e.seq() - 1);
                throw failed;
            }
            if (outcome == LivePush.Outcome.GONE) {
                connections.remove(s.connection());
                return null;
            }
        }
        if (last.isTerminal()) {
            connections.unsubscribe(s.connection(), s.run());
            if (push.send(s.connection(), frames.end(s.run())) == LivePush.Outcome.GONE) {
                connections.remove(s.connection());
            }
            return null;
        }
        return s.at(last.seq());
    }
}
