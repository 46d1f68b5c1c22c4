package com.aitesting.api.stream;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.stream.StreamRunEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One client's event stream as SSE frames, on Reactor: the {@code retry:} hint, the history after the
 * resume point, then live events, completing right after the terminal event, with {@code : keep-alive}
 * comments merged in. It also completes when the credential that opened it expires (one timer task on the
 * shared timer): the client's reconnect must then present a fresh one.
 *
 * <ul>
 *   <li>Wake-ups: the feed's signals, conflated into one owed flag and taken one at a time by one pump on the
 *       reader pool, while a batch is requested. Each wake-up reads the events after the last one read, so a
 *       signal during a read, or several merged into one, cannot lose an event and none is read twice. A
 *       read that did not reach the end of what is there (a full or cut page) wakes the stream again.</li>
 *   <li>Bounded buffer: at most {@link StreamSettings#bufferEvents()} events and
 *       {@link StreamSettings#bufferBytes()} bytes are read ahead of what the client took; a read happens only
 *       while that buffer is at least half free (otherwise it is owed, and the client's progress pays it).
 *       Micronaut requests frames only as the socket becomes writable, so a slow client costs one bounded
 *       buffer and never slows another stream.</li>
 *   <li>Stall: a client that has frames waiting but requests none for {@link StreamSettings#stall()} is
 *       disconnected (the stream completes early); it resumes with Last-Event-ID = the last event it got.</li>
 * </ul>
 */
final class RunEventStream {
    private static final Logger LOG = LoggerFactory.getLogger(RunEventStream.class);
    private static final Batch NOTHING = new Batch(List.of(), false);

    /** The frames of one read, and whether the stream is complete after them. */
    private record Batch(List<byte[]> frames, boolean ended) {}

    private final StreamRunEvents.Feed feed;
    private final StreamSettings settings;
    private final SseFrames encoder;
    private final Executor readers;
    private final Scheduler timer;
    private final byte[] retryFrame;
    private final Optional<Duration> credentialLeft; // until the credential expires; empty: it never does

    private volatile FluxSink<Batch> batches; // set when the events are subscribed
    private volatile boolean wakeUpOwed;      // a signal (or a read that did not reach the end) since the last read began
    private final AtomicInteger pumps = new AtomicInteger(); // pump runs asked for; nonzero while one is scheduled or running
    private volatile long lastSeq;           // written only by the one read in flight (one pump at a time)
    private volatile boolean owed;           // a wake-up found the buffer more than half full
    // the buffer: event frames (and their bytes) read but not yet handed to the HTTP layer
    private final AtomicLong waitingFrames = new AtomicLong();
    private final AtomicLong waitingBytes = new AtomicLong();
    private final AtomicLong demand = new AtomicLong();
    private volatile long lastProgressNanos = System.nanoTime();

    private RunEventStream(StreamRunEvents.Feed feed, long afterSeq, Optional<Instant> credentialExpiresAt, StreamSettings settings,
                           SseFrames encoder, Executor readers, Scheduler timer) {
        this.feed = feed;
        this.credentialLeft = CredentialExpiry.remaining(credentialExpiresAt, Clock.systemUTC());
        this.lastSeq = afterSeq;
        this.settings = settings;
        this.encoder = encoder;
        this.readers = readers;
        this.timer = timer;
        this.retryFrame = SseFrames.retry(settings.retry());
    }

    /** A cold stream: each subscription (one HTTP response) opens its own watch and reads. */
    static Flux<byte[]> of(StreamRunEvents.Feed feed, long afterSeq, Optional<Instant> credentialExpiresAt, StreamSettings settings,
                           SseFrames encoder, Executor readers, Scheduler timer) {
        return Flux.defer(() -> new RunEventStream(feed, afterSeq, credentialExpiresAt, settings, encoder, readers, timer).frames());
    }

    private Flux<byte[]> frames() {
        Sinks.Empty<Void> eventsDone = Sinks.empty();
        Flux<byte[]> events = batches()
                .takeUntil(Batch::ended)
                .concatMapIterable(Batch::frames, 1)
                .doFinally(signal -> eventsDone.tryEmitEmpty());
        Flux<byte[]> keepAlives = Flux.interval(settings.keepAlive(), settings.keepAlive(), timer)
                .onBackpressureDrop() // frames are already waiting: they keep the connection busy
                .map(tick -> SseFrames.KEEP_ALIVE)
                .takeUntilOther(eventsDone.asMono());
        return Flux.concat(Mono.just(retryFrame), Flux.merge(16, events, keepAlives))
                .takeUntilOther(stalled())
                .takeUntilOther(credentialExpired())
                .doOnNext(this::delivered)
                .doOnRequest(this::requested);
    }

    /**
     * The batches of the reads, one per wake-up, each read on the reader pool while a batch is requested. The
     * first read is owed at once (after the watch, so nothing committed in between is missed). Written by
     * hand rather than as Reactor operators: a signal reaches all of a run's streams on one thread, and
     * there it now costs a flag and at most one task per stream, not an operator chain per stream.
     */
    private Flux<Batch> batches() {
        return Flux.create(sink -> {
            batches = sink;
            var watch = feed.watch(this::wake);
            sink.onRequest(n -> schedulePump());
            sink.onDispose(watch::close);
            wake();
        }, FluxSink.OverflowStrategy.BUFFER); // never used as a buffer: the pump emits only what was requested
    }

    private void wake() {
        wakeUpOwed = true;
        schedulePump();
    }

    private void schedulePump() {
        if (pumps.getAndIncrement() == 0) {
            try {
                readers.execute(this::pump);
            } catch (RejectedExecutionException e) { // shutting down: the client resumes
                batches.error(e);
            }
        }
    }

    /** Reads while a wake-up is owed and a batch is requested; one pump at a time per stream (missed runs loop). */
    private void pump() {
        FluxSink<Batch> sink = batches;
        int missed = 1;
        do {
            while (!sink.isCancelled() && wakeUpOwed && sink.requestedFromDownstream() > 0) {
                wakeUpOwed = false;
                Batch batch;
                try {
                    batch = readIfRoom();
                } catch (RuntimeException e) {
                    LOG.error("Run {}: reading events for a stream failed; closing it (the client resumes)", feed.run(), e);
                    sink.error(e);
                    return;
                }
                if (batch != NOTHING) {
                    sink.next(batch);
                }
            }
            missed = pumps.addAndGet(-missed);
        } while (missed != 0);
    }

    private Batch readIfRoom() {
        if (!hasRoom()) {
            owed = true;
            if (!hasRoom()) { // look again: the client may have taken frames since, and not seen the debt
                return NOTHING;
            }
        }
        owed = false;
        return read();
    }

    /** Read when the buffer is at least half free: pages stay large, and a stalled client gets no more reads. */
    private boolean hasRoom() {
        return waitingFrames.get() <= settings.bufferEvents() / 2 && waitingBytes.get() <= settings.bufferBytes() / 2;
    }

    private Batch read() {
        long roomBytes = settings.bufferBytes() - waitingBytes.get();
        int roomEvents = (int) Math.max(1, settings.bufferEvents() - waitingFrames.get());
        StreamRunEvents.Page page = feed.next(lastSeq, roomEvents);
        List<RunEvent> events = page.events();
        List<byte[]> frames = new ArrayList<>(events.size());
        long bytes = 0;
        for (RunEvent event : events) {
            byte[] frame = encoder.event(event);
            if (bytes + frame.length > roomBytes && !frames.isEmpty()) {
                break; // over the byte budget: the rest is read again once the client catches up
            }
            frames.add(frame);
            bytes += frame.length;
            lastSeq = event.seq();
        }
        waitingFrames.addAndGet(frames.size());
        waitingBytes.addAndGet(bytes);
        boolean cut = frames.size() < events.size();
        if (cut || (!page.ended() && page.more())) {
            wakeUpOwed = true; // more is waiting: read again (once there is room) without waiting for a signal
        }
        return new Batch(frames, page.ended() && !cut);
    }

    /** Emits when the credential expires: the stream completes then (and no read starts after it). */
    private Mono<Long> credentialExpired() {
        return credentialLeft.map(left -> Mono.delay(left, timer)).orElseGet(Mono::never);
    }

    /** Completes when the client has had frames waiting and requested nothing for the stall time. */
    private Mono<Long> stalled() {
        Duration check = Duration.ofMillis(Math.max(10, settings.stall().toMillis() / 4));
        return Flux.interval(check, check, timer)
                .onBackpressureDrop()
                .filter(tick -> demand.get() <= 0 && waitingFrames.get() > 0
                        && System.nanoTime() - lastProgressNanos >= settings.stall().toNanos())
                .next()
                // dropped frames are read again on resume: the client's Last-Event-ID is the last one it got
                .doOnNext(tick -> LOG.info("Run {}: disconnecting a stream that took nothing for {} ms with {} frames waiting",
                        feed.run(), settings.stall().toMillis(), waitingFrames.get()));
    }

    private void delivered(byte[] frame) {
        demand.decrementAndGet();
        lastProgressNanos = System.nanoTime();
        if (frame == SseFrames.KEEP_ALIVE || frame == retryFrame) {
            return;
        }
        waitingFrames.decrementAndGet();
        waitingBytes.addAndGet(-frame.length);
        if (owed && hasRoom()) {
            owed = false;
            wake();
        }
    }

    private void requested(long n) {
        demand.accumulateAndGet(n, (had, more) -> had + more < 0 ? Long.MAX_VALUE : had + more);
        lastProgressNanos = System.nanoTime();
    }
}
