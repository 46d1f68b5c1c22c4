package com.aitesting.api.ws;

import com.aitesting.api.stream.StreamAccess;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.ResumePoint;
import com.aitesting.core.stream.RunEventSignals;
import com.aitesting.core.stream.StreamRunEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of the embedded server: its subscriptions (several runs, at most
 * {@link LiveMessages#MAX_SUBSCRIPTIONS}), each fed by its run's {@link StreamRunEvents.Feed}: the backlog after the
 * client's {@code after}, then live events, in seq order with no gap and no repeat, then {@code end}.
 *
 * <p>Each subscription has at most one page in flight: it reads the next page only once the previous
 * one was written to the socket, so a slow client costs one page per subscription and never delays
 * another connection. A failure of one subscription (its run is not visible, the store is down) is an
 * error message for that run; the connection's other subscriptions go on.
 */
final class LiveConnection {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);
    static final int PAGE_EVENTS = 100;

    /** The socket: frames are written in the order {@link #send} is called. */
    interface Outbox {
        CompletionStage<?> send(String frame);
    }

    private final StreamAccess access;
    private final StreamRunEvents streams;
    private final LiveMessages messages;
    private final Executor readers;
    private final Outbox out;
    private final Map<String, Subscription> subscriptions = new HashMap<>(); // guarded by this
    private boolean closed; // guarded by this
    private Future<?> expiry; // the task that ends the connection when its credential expires; guarded by this

    LiveConnection(StreamAccess access, StreamRunEvents streams, LiveMessages messages, Executor readers, Outbox out) {
        this.access = access;
        this.streams = streams;
        this.messages = messages;
        this.readers = readers;
        this.out = out;
    }

    /** A text frame from the client. Never throws: whatever it holds gets an answer or nothing. */
    void onText(String text) {
        LiveMessages.Command command;
        try {
            command = messages.parse(text);
        } catch (LiveMessages.BadMessage bad) {
            out.send(messages.error(400, bad.title(), bad.runId()));
            return;
        }
        switch (command) {
            case LiveMessages.Command.Ping ping -> out.send(messages.pong());
            case LiveMessages.Command.Subscribe subscribe -> subscribe(subscribe.runId(), subscribe.after());
            case LiveMessages.Command.Unsubscribe unsubscribe -> unsubscribe(unsubscribe.runId());
        }
    }

    /** The socket closed: every subscription stops watching, and nothing is left scheduled for it. */
    void close() {
        Map<String, Subscription> all;
        Future<?> task;
        synchronized (this) {
            closed = true;
            all = Map.copyOf(subscriptions);
            subscriptions.clear();
            task = expiry;
            expiry = null;
        }
        if (task != null) {
            task.cancel(false);
        }
        all.values().forEach(Subscription::stop);
    }

    /** {@code task} ends this connection at its credential's expiry; cancelled at once if it has closed already. */
    void expiresWith(Future<?> task) {
        synchronized (this) {
            if (!closed) {
                expiry = task;
                return;
            }
        }
        task.cancel(false);
    }

    /** The credential expired: the client is told why (401), and nothing more is read for it; the caller closes the socket. */
    void expire() {
        synchronized (this) {
            if (closed) {
                return;
            }
            expiry = null; // this is that task
        }
        out.send(messages.expired());
        close();
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    private void subscribe(String runId, long after) {
        Subscription subscription;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (subscriptions.containsKey(runId)) {
                out.send(messages.error(409, LiveMessages.ALREADY_SUBSCRIBED, runId));
                return;
            }
            if (subscriptions.size() >= LiveMessages.MAX_SUBSCRIPTIONS) {
                out.send(messages.error(429, LiveMessages.tooMany(), runId));
                return;
            }
            subscription = new Subscription(runId, after);
            subscriptions.put(runId, subscription); // holds the slot while the run is checked
        }
        try {
            readers.execute(subscription::open);
        } catch (RuntimeException rejected) { // the pool is shutting down
            fail(subscription, 503, "The server is shutting down; subscribe again.");
        }
    }

    private void unsubscribe(String runId) {
        Subscription subscription;
        synchronized (this) {
            subscription = subscriptions.remove(runId);
        }
        if (subscription != null) {
            subscription.stop();
        }
    }

    /** Ends one subscription with an error message; a later subscribe to the run starts afresh. */
    private void fail(Subscription subscription, int status, String title) {
        if (remove(subscription)) {
            out.send(messages.error(status, title, subscription.runId));
        }
        subscription.stop();
    }

    private synchronized boolean remove(Subscription subscription) {
        return subscriptions.remove(subscription.runId, subscription);
    }

    private synchronized boolean active(Subscription subscription) {
        return subscriptions.get(subscription.runId) == subscription;
    }

    private final class Subscription {
        final String runId;
        private StreamRunEvents.Feed feed; // set in open, before any signal can run pump
        private RunEventSignals.Watch watch;
        private long lastSent;
        private boolean signalled; // guarded by this
        private boolean pumping; // guarded by this
        private boolean stopped; // guarded by this

        Subscription(String runId, long after) {
            this.runId = runId;
            this.lastSent = after;
        }

        void open() {
            try {
                RunId run = RunId.parse(runId);
                if (access.onlyRun().isPresent() && !access.onlyRun().get().equals(run)) {
                    throw new NotFoundException("run", run); // the token opens its run only: same answer as any invisible run
                }
                feed = streams.open(access.tenant(), run, ResumePoint.after(lastSent));
            } catch (NotFoundException e) {
                fail(this, 404, LiveMessages.NOT_FOUND);
                return;
            } catch (InvalidInputException pastTheHead) {
                fail(this, 400, pastTheHead.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.warn("Run {}: a subscription could not be opened", runId, e);
                fail(this, 503, LiveMessages.UNAVAILABLE);
                return;
            }
            RunEventSignals.Watch w = feed.watch(this::signal); // before the first read: nothing committed in between is missed
            synchronized (this) {
                watch = w;
                if (stopped) {
                    w.close();
                    return;
                }
                pumping = true; // the first read is owed
            }
            pump();
        }

        void signal() {
            synchronized (this) {
                signalled = true;
                if (pumping || stopped || watch == null) {
                    return; // the running pump reads again; or the first read is still owed by open()
                }
                pumping = true;
            }
            schedule();
        }

        private void schedule() {
            try {
                readers.execute(this::pump);
            } catch (RuntimeException rejected) {
                fail(this, 503, "The server is shutting down; subscribe again with \"after\".");
            }
        }

        /** Reads one page after the last event sent and writes it; runs again once written if more is owed. */
        private void pump() {
            StreamRunEvents.Page page;
            synchronized (this) {
                if (stopped) {
                    pumping = false;
                    return;
                }
                signalled = false;
            }
            try {
                page = feed.next(lastSent, PAGE_EVENTS);
            } catch (RuntimeException e) {
                LOG.warn("Run {}: reading events for a WebSocket subscription failed", runId, e);
                fail(this, 503, LiveMessages.UNAVAILABLE);
                return;
            }
            if (!active(this)) {
                return; // unsubscribed meanwhile
            }
            CompletionStage<?> written = CompletableFuture.completedFuture(null);
            for (RunEvent event : page.events()) {
                written = out.send(messages.event(event));
                lastSent = event.seq();
            }
            if (page.ended()) {
                if (remove(this)) {
                    out.send(messages.end(feed.run()));
                }
                stop();
                return;
            }
            boolean more = page.more();
            written.whenComplete((ok, failure) -> {
                if (failure != null) {
                    stop(); // the socket is gone; close() clears the rest
                    return;
                }
                synchronized (this) {
                    if (stopped || !(signalled || more)) {
                        pumping = false;
                        return;
                    }
                }
                schedule();
            });
        }

        void stop() {
            RunEventSignals.Watch w;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                w = watch;
            }
            if (w != null) {
                w.close();
            }
        }
    }
}
