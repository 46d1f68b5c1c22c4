package com.aitesting.api.stream;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.stream.RunEventSignals;
import com.aitesting.core.stream.StreamRunEvents;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream as SSE frames: the {@code retry:} hint, the history after the resume point,
 * then live events, completing right after the terminal event.
 *
 * <p>Memory per stream is bounded: events are read from the store in pages, only when the stream's
 * buffer has room ({@link StreamSettings#bufferEvents()}, {@link StreamSettings#bufferBytes()}), and the
 * buffer drains only as fast as the HTTP layer requests frames (Micronaut requests more as the socket
 * becomes writable). So a slow client costs one bounded buffer and never slows another stream. A client
 * that has frames waiting but takes none for {@link StreamSettings#stall()} is disconnected: the stream
 * completes early, and the client resumes with Last-Event-ID from the last event it actually received.
 *
 * <p>Signals (new events may exist) only set a flag and schedule a read on the reader pool; the read
 * asks the store for everything after the last event queued, so a signal that arrives during a read,
 * or several merged into one, cannot lose an event, and no event is queued twice.
 */
final class RunEventPublisher implements Publisher<byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(RunEventPublisher.class);

    private final StreamRunEvents.Feed feed;
    private final long afterSeq;
    private final StreamSettings settings;
    private final SseFrames frames;
    private final Executor readers;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RunEventPublisher(StreamRunEvents.Feed feed, long afterSeq, StreamSettings settings, SseFrames frames,
                      Executor readers, ScheduledExecutorService timer) {
        this.feed = feed;
        this.afterSeq = afterSeq;
        this.settings = settings;
        this.frames = frames;
        this.readers = readers;
        this.timer = timer;
    }

    @Override
    public void subscribe(Subscriber<? super byte[]> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            // one HTTP response per stream; a second subscriber would split the events between them
            subscriber.onSubscribe(new Subscription() {
                @Override public void request(long n) {}
                @Override public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("a run event stream has exactly one subscriber"));
            return;
        }
        new Session(subscriber).start();
    }

    private final class Session implements Subscription {
        private final Subscriber<? super byte[]> downstream;
        private final Object lock = new Object();
        private final AtomicInteger wip = new AtomicInteger();
        // guarded by lock
        private final ArrayDeque<byte[]> buffer = new ArrayDeque<>();
        private long bufferedBytes;
        private long demand;
        private long lastQueuedSeq = afterSeq;
        private boolean terminalQueued;
        private boolean signalled = true; // the first read is owed
        private boolean readInFlight;
        private boolean done;
        private boolean stalled;
        private Throwable failure;
        private long lastProgressNanos = System.nanoTime();
        // set once in start(); read by release() on whichever thread ends the stream
        private volatile RunEventSignals.Watch watch;
        private volatile ScheduledFuture<?> keepAlive;
        private volatile ScheduledFuture<?> stallCheck;

        Session(Subscriber<? super byte[]> downstream) {
            this.downstream = downstream;
        }

        void start() {
            synchronized (lock) {
                queue(SseFrames.retry(settings.retry()));
            }
            downstream.onSubscribe(this);
            // watch before the first read: an event committed between the read and the watch still signals
            watch = feed.watch(this::onSignal);
            long ka = settings.keepAlive().toMillis();
            keepAlive = timer.scheduleAtFixedRate(this::onKeepAlive, ka, ka, TimeUnit.MILLISECONDS);
            long check = Math.max(10, settings.stall().toMillis() / 4);
            stallCheck = timer.scheduleAtFixedRate(this::onStallCheck, check, check, TimeUnit.MILLISECONDS);
            synchronized (lock) {
                if (done) { // cancelled during onSubscribe
                    release();
                    return;
                }
            }
            drain();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                synchronized (lock) {
                    failure = new IllegalArgumentException("Reactive Streams rule 3.9: request must be positive, was " + n);
                }
            } else {
                synchronized (lock) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    lastProgressNanos = System.nanoTime();
                }
            }
            drain();
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                if (done) {
                    return;
                }
                done = true;
                buffer.clear();
            }
            release();
        }

        private void onSignal() {
            synchronized (lock) {
                signalled = true;
            }
            drain();
        }

        private void onKeepAlive() {
            synchronized (lock) {
                if (done || !buffer.isEmpty()) {
                    return; // frames are already waiting; they keep the connection busy
                }
                queue(SseFrames.KEEP_ALIVE);
            }
            drain();
        }

        private void onStallCheck() {
            synchronized (lock) {
                if (done || buffer.isEmpty() || demand > 0) {
                    return;
                }
                if (System.nanoTime() - lastProgressNanos < settings.stall().toNanos()) {
                    return;
                }
                stalled = true;
            }
            drain();
        }

        /** Emits what the downstream asked for, completes when due, and schedules the next read if owed. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (true) {
                    byte[] next = null;
                    boolean complete = false;
                    Throwable error = null;
                    synchronized (lock) {
                        if (done) {
                            break;
                        }
                        if (failure != null) {
                            error = failure;
                            done = true;
                        } else if (stalled) {
                            // dropped frames are re-read on resume: the client's Last-Event-ID is the last one it got
                            LOG.info("Run {}: disconnecting a stream that took nothing for {} ms with {} frames waiting",
                                    feed.run(), settings.stall().toMillis(), buffer.size());
                            complete = true;
                            done = true;
                        } else if (demand > 0 && !buffer.isEmpty()) {
                            next = buffer.poll();
                            bufferedBytes -= next.length;
                            demand--;
                            lastProgressNanos = System.nanoTime();
                        } else if (buffer.isEmpty() && terminalQueued) {
                            complete = true;
                            done = true;
                        } else {
                            break;
                        }
                        if (done) {
                            buffer.clear();
                        }
                    }
                    if (error != null) {
                        release();
                        downstream.onError(error);
                    } else if (complete) {
                        release();
                        downstream.onComplete();
                    } else {
                        downstream.onNext(next);
                    }
                }
                scheduleReadIfOwed();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void scheduleReadIfOwed() {
            synchronized (lock) {
                if (done || terminalQueued || readInFlight || !signalled) {
                    return;
                }
                // read when half the buffer is free: pages stay large, and a stalled client gets no more reads
                if (buffer.size() > settings.bufferEvents() / 2 || bufferedBytes > settings.bufferBytes() / 2) {
                    return;
                }
                readInFlight = true;
                signalled = false;
            }
            try {
                readers.execute(this::read);
            } catch (RuntimeException rejected) { // the pool is shutting down
                synchronized (lock) {
                    readInFlight = false;
                    failure = rejected;
                }
                drain();
            }
        }

        private void read() {
            try {
                long after;
                int room;
                synchronized (lock) {
                    if (done) {
                        return;
                    }
                    after = lastQueuedSeq;
                    room = settings.bufferEvents() - buffer.size();
                }
                StreamRunEvents.Page next = feed.next(after, room);
                List<RunEvent> page = next.events();
                List<byte[]> encoded = page.stream().map(frames::event).toList();
                synchronized (lock) {
                    int i = 0;
                    for (; i < page.size(); i++) {
                        if (bufferedBytes + encoded.get(i).length > settings.bufferBytes() && !buffer.isEmpty()) {
                            break; // over the byte budget: the rest is read again once the client catches up
                        }
                        queue(encoded.get(i));
                        lastQueuedSeq = page.get(i).seq();
                    }
                    terminalQueued = next.ended() && i == page.size();
                    // a cut page, or one the feed says is not the end of what is there (a full page), means more may be waiting
                    if (i < page.size() || next.more()) {
                        signalled = true;
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("Run {}: reading events for a stream failed; closing it (the client resumes)", feed.run(), e);
                synchronized (lock) {
                    failure = e;
                }
            } finally {
                synchronized (lock) {
                    readInFlight = false;
                }
                drain();
            }
        }

        private void queue(byte[] frame) {
            buffer.add(frame);
            bufferedBytes += frame.length;
        }

        private void release() {
            if (watch != null) {
                watch.close();
            }
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            if (stallCheck != null) {
                stallCheck.cancel(false);
            }
        }
    }
}
