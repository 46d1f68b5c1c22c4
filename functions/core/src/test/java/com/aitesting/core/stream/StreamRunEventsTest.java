package com.aitesting.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.fake.InMemoryStore;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The feeds' shared reads: one store read per wake-up for a run's streams at the head, and nothing lost. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamRunEventsTest {
    private static final TenantId ALICE = new TenantId("t_alice");
    private static final TenantId BOB = new TenantId("t_bob");

    private final InMemoryStore store = new InMemoryStore();
    private final Signals signals = new Signals();
    private final Reads reads = new Reads();

    /** The signals port by hand: the test says when a run "may have new events". */
    private static final class Signals implements RunEventSignals {
        final Map<RunId, Set<Runnable>> watches = new ConcurrentHashMap<>();

        @Override
        public Watch watch(TenantId tenant, RunId run, Runnable onSignal) {
            watches.computeIfAbsent(run, r -> ConcurrentHashMap.newKeySet()).add(onSignal);
            return () -> watches.getOrDefault(run, Set.of()).remove(onSignal);
        }

        void fire(RunId run) {
            watches.getOrDefault(run, Set.of()).forEach(Runnable::run);
        }

        int count(RunId run) {
            return watches.getOrDefault(run, Set.of()).size();
        }
    }

    /** Counts the store reads and records the tenant each one ran under. */
    private final class Reads implements Transactions, RunEventReads {
        final ThreadLocal<TenantId> bound = new ThreadLocal<>();
        final List<String> log = new CopyOnWriteArrayList<>(); // "tenant run" per listAfter
        volatile Runnable beforeHead = () -> {}; // a writer committing between a read's two statements

        @Override
        public <T> T inTenant(TenantId tenant, Supplier<T> work) {
            return store.inTenant(tenant, () -> {
                bound.set(tenant);
                try {
                    return work.get();
                } finally {
                    bound.remove();
                }
            });
        }

        @Override
        public Optional<RunHead> head(RunId run) {
            beforeHead.run();
            long endSeq = store.eventStore.listAfter(run, 0, Integer.MAX_VALUE).stream()
                    .filter(RunEvent::isTerminal).mapToLong(RunEvent::seq).findFirst().orElse(0);
            return store.runRepository.find(run).map(r -> new RunHead(r.id(), r.status(), r.lastEventSeq(), endSeq));
        }

        @Override
        public List<RunEvent> listAfter(RunId run, long afterSeq, int limit) {
            log.add(bound.get().value() + " " + run);
            return store.eventStore.listAfter(run, afterSeq, limit);
        }

        int count() {
            return log.size();
        }
    }

    private StreamRunEvents streams(int sharedEvents) {
        return new StreamRunEvents(reads, reads, signals, sharedEvents);
    }

    private RunId run(TenantId tenant) {
        Run run = Run.queued(RunId.random(), tenant, EngagementId.random(), PlanId.random(), RunMode.SIMULATED, 1, Instant.EPOCH);
        store.inTenant(tenant, () -> {
            store.runRepository.insert(run);
            store.eventStore.append(run.id(), new NewRunEvent(RunEventType.RUN_QUEUED, Map.of(), "queued"));
        });
        return run.id();
    }

    private void append(TenantId tenant, RunId run, String type) {
        store.inTenant(tenant, () -> store.eventStore.append(run, new NewRunEvent(type, Map.of("n", 1), UUID.randomUUID().toString())));
    }

    private List<Long> seqs(StreamRunEvents.Page page) {
        return page.events().stream().map(RunEvent::seq).toList();
    }

    @Test
    void aWakeUpCostsOneStoreReadForAllOfARunsStreamsAtTheHead() {
        StreamRunEvents streams = streams(16);
        RunId run = run(ALICE);
        List<StreamRunEvents.Feed> feeds = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StreamRunEvents.Feed feed = streams.open(ALICE, run, ResumePoint.START);
            feed.watch(() -> {});
            assertThat(seqs(feed.next(0, 10))).containsExactly(1L);
            feeds.add(feed);
        }
        assertThat(signals.count(run)).as("one watch on the signals for the whole run").isEqualTo(1);

        append(ALICE, run, RunEventType.STEP_PROGRESS);
        signals.fire(run);
        int before = reads.count();
        for (StreamRunEvents.Feed feed : feeds) {
            StreamRunEvents.Page page = feed.next(1, 10);
            assertThat(seqs(page)).containsExactly(2L);
            assertThat(page.ended()).isFalse();
            assertThat(page.more()).isFalse();
        }
        assertThat(reads.count() - before).as("store reads for 100 streams after one wake-up").isEqualTo(1);

        before = reads.count();
        for (StreamRunEvents.Feed feed : feeds) {
            assertThat(feed.next(2, 10).events()).as("no signal since: nothing new, and no read").isEmpty();
        }
        assertThat(reads.count()).isEqualTo(before);
    }

    @Test
    void aRunThatEndsBetweenTheReadOfItsEventsAndOfItsStatusIsNotTakenForEndedWithoutItsLastEvents() {
        StreamRunEvents streams = streams(16);
        RunId run = run(ALICE);
        StreamRunEvents.Feed feed = streams.open(ALICE, run, ResumePoint.START);
        feed.watch(() -> {});
        assertThat(seqs(feed.next(0, 10))).containsExactly(1L);

        // each statement has its own snapshot (READ COMMITTED, or the Data API's one transaction per call): the
        // events read finds nothing new, then the run's last events and its final status commit, then the head is read
        reads.beforeHead = () -> {
            reads.beforeHead = () -> {};
            store.inTenant(ALICE, () -> {
                append(ALICE, run, RunEventType.STEP_PROGRESS);
                store.runRepository.transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.EPOCH);
                append(ALICE, run, RunEventType.RUN_COMPLETED);
                return null;
            });
        };
        signals.fire(run);
        StreamRunEvents.Page raced = feed.next(1, 10);
        assertThat(raced.events()).isEmpty();
        assertThat(raced.ended()).as("the head shows events after the read: they are still to come").isFalse();

        signals.fire(run); // the writer's commit signals
        StreamRunEvents.Page rest = feed.next(1, 10);
        assertThat(seqs(rest)).containsExactly(2L, 3L);
        assertThat(rest.ended()).isTrue();
    }

    @Test
    void aStreamBehindTheWindowReadsTheStoreItselfAndGetsEverythingInOrder() {
        StreamRunEvents streams = streams(4);
        RunId run = run(ALICE);
        StreamRunEvents.Feed live = streams.open(ALICE, run, ResumePoint.START);
        live.watch(() -> {});
        live.next(0, 100);
        for (int i = 0; i < 10; i++) {
            append(ALICE, run, RunEventType.STEP_PROGRESS);
        }
        signals.fire(run);
        assertThat(readAll(live, 1, 100)).as("a burst larger than the window comes in window-sized pages")
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 11).boxed().toList());

        StreamRunEvents.Feed late = streams.open(ALICE, run, ResumePoint.START);
        late.watch(() -> {});
        assertThat(readAll(late, 0, 3)).containsExactlyElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
    }

    /** Reads while the feed says more is waiting. */
    private List<Long> readAll(StreamRunEvents.Feed feed, long after, int limit) {
        List<Long> got = new ArrayList<>();
        StreamRunEvents.Page page;
        do {
            page = feed.next(after, limit);
            got.addAll(seqs(page));
            after = got.isEmpty() ? after : got.getLast();
        } while (page.more());
        return got;
    }

    @Test
    void theTerminalEventEndsEveryStreamAndAResumeAfterItEndsEmpty() {
        StreamRunEvents streams = streams(16);
        RunId run = run(ALICE);
        StreamRunEvents.Feed a = streams.open(ALICE, run, ResumePoint.START);
        a.watch(() -> {});
        a.next(0, 10);
        append(ALICE, run, RunEventType.STEP_PROGRESS);
        append(ALICE, run, RunEventType.RUN_COMPLETED);
        signals.fire(run);
        StreamRunEvents.Page page = a.next(1, 10);
        assertThat(seqs(page)).containsExactly(2L, 3L);
        assertThat(page.ended()).isTrue();

        StreamRunEvents.Feed resumed = streams.open(ALICE, run, ResumePoint.after(3));
        assertThat(resumed.hasAll()).isTrue();
        resumed.watch(() -> {});
        StreamRunEvents.Page empty = resumed.next(3, 10);
        assertThat(empty.events()).isEmpty();
        assertThat(empty.ended()).isTrue();
    }

    /**
     * An audit event may follow the terminal one (a Slack delivery that gives up later): a stream never carries
     * it, and a resume at the terminal event (what an EventSource sends after the server closed) ends at once
     * instead of sending the audit event and then waiting for events that cannot come.
     */
    @Test
    void aResumeAtTheTerminalEventEndsAtOnceEvenWithAnAuditEventAfterIt() {
        for (int sharedEvents : new int[] {16, 0}) {
            StreamRunEvents streams = streams(sharedEvents);
            RunId run = run(ALICE);
            append(ALICE, run, RunEventType.RUN_COMPLETED);
            store.inTenant(ALICE, () -> store.runRepository.transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.EPOCH));
            append(ALICE, run, RunEventType.NOTIFICATION_FAILED);

            StreamRunEvents.Feed full = streams.open(ALICE, run, ResumePoint.START);
            full.watch(() -> {});
            StreamRunEvents.Page all = full.next(0, 10);
            assertThat(seqs(all)).as("shared %d", sharedEvents).containsExactly(1L, 2L);
            assertThat(all.ended()).isTrue();

            for (long at : new long[] {2, 3}) { // at the terminal event, and at the audit event after it
                StreamRunEvents.Feed resumed = streams.open(ALICE, run, ResumePoint.after(at));
                assertThat(resumed.hasAll()).as("shared %d, after %d", sharedEvents, at).isTrue();
                resumed.watch(() -> {});
                StreamRunEvents.Page atTheEnd = resumed.next(at, 10);
                assertThat(atTheEnd.events()).as("shared %d, after %d", sharedEvents, at).isEmpty();
                assertThat(atTheEnd.ended()).as("shared %d, after %d", sharedEvents, at).isTrue();
            }
        }
    }

    @Test
    void anotherTenantCannotOpenTheRunAndEachShareReadsUnderItsOwnTenant() {
        StreamRunEvents streams = streams(16);
        RunId alices = run(ALICE);
        RunId bobs = run(BOB);
        assertThatThrownBy(() -> streams.open(BOB, alices, ResumePoint.START)).isInstanceOf(NotFoundException.class);

        StreamRunEvents.Feed a = streams.open(ALICE, alices, ResumePoint.START);
        StreamRunEvents.Feed b = streams.open(BOB, bobs, ResumePoint.START);
        a.watch(() -> {});
        b.watch(() -> {});
        a.next(0, 10);
        b.next(0, 10);
        append(ALICE, alices, RunEventType.STEP_PROGRESS);
        append(BOB, bobs, RunEventType.STEP_PROGRESS);
        signals.fire(alices);
        signals.fire(bobs);
        assertThat(seqs(a.next(1, 10))).containsExactly(2L);
        assertThat(seqs(b.next(1, 10))).containsExactly(2L);
        assertThat(reads.log).allSatisfy(entry -> assertThat(entry).isIn("t_alice " + alices, "t_bob " + bobs));
        assertThat(streams.sharedRuns()).isEqualTo(2);
    }

    @Test
    void theShareOfARunGoesWithItsLastStream() {
        StreamRunEvents streams = streams(16);
        RunId run = run(ALICE);
        List<RunEventSignals.Watch> watches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            watches.add(streams.open(ALICE, run, ResumePoint.START).watch(() -> {}));
        }
        assertThat(streams.sharedRuns()).isEqualTo(1);
        watches.forEach(RunEventSignals.Watch::close);
        watches.getFirst().close(); // idempotent
        assertThat(streams.sharedRuns()).isZero();
        assertThat(signals.count(run)).isZero();
        streams.open(ALICE, run, ResumePoint.START).watch(() -> {});
        assertThat(signals.count(run)).isEqualTo(1);
    }

    /**
     * Streams behave like the SSE publisher (read when signalled or told there is more), while a producer
     * appends and signals after each commit, with spurious signals mixed in and streams joining and
     * reading at different paces. Every stream must get exactly the stored events, in order, then end.
     */
    @Test
    void concurrentStreamsOfOneRunReceiveEveryEventOnceInOrderWhileEventsArrive() throws Exception {
        StreamRunEvents streams = streams(8);
        RunId run = run(ALICE);
        int events = 400;
        try (ExecutorService threads = Executors.newFixedThreadPool(24)) {
            List<Future<List<Long>>> received = new ArrayList<>();
            for (int s = 0; s < 20; s++) {
                int pageSize = 1 + s % 5;
                received.add(threads.submit(() -> stream(streams.open(ALICE, run, ResumePoint.START), pageSize)));
            }
            for (int i = 0; i < events; i++) {
                append(ALICE, run, RunEventType.STEP_PROGRESS);
                signals.fire(run);
                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                    signals.fire(run); // spurious
                }
                if (i % 50 == 0) {
                    Thread.sleep(2);
                }
            }
            append(ALICE, run, RunEventType.RUN_COMPLETED);
            signals.fire(run);
            List<Long> all = LongStream.rangeClosed(1, events + 2).boxed().toList();
            for (Future<List<Long>> f : received) {
                assertThat(f.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(all);
            }
        }
        assertThat(streams.sharedRuns()).isZero();
    }

    private static List<Long> stream(StreamRunEvents.Feed feed, int pageSize) throws InterruptedException {
        Semaphore wake = new Semaphore(0);
        AtomicBoolean signalled = new AtomicBoolean(true);
        RunEventSignals.Watch watch = feed.watch(() -> {
            signalled.set(true);
            wake.release();
        });
        List<Long> got = new ArrayList<>();
        long after = 0;
        try {
            while (true) {
                while (!signalled.getAndSet(false)) {
                    wake.tryAcquire(10, TimeUnit.MILLISECONDS);
                }
                StreamRunEvents.Page page = feed.next(after, pageSize);
                for (RunEvent e : page.events()) {
                    got.add(e.seq());
                    after = e.seq();
                }
                if (page.ended()) {
                    return got;
                }
                if (page.more()) {
                    signalled.set(true);
                }
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Thread.sleep(1); // a slower client
                }
            }
        } finally {
            watch.close();
        }
    }
}
