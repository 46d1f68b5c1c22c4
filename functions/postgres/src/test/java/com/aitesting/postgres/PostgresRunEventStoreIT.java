package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.read.RunReadSql;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresRunEventStoreIT {
    private static final Actor A = Fixtures.actor("t_a");
    private static EmbeddedDatabase.Migrated db;
    private static Fixtures fx;

    @BeforeAll
    static void setUp() {
        db = EmbeddedDatabase.createMigrated();
        fx = new Fixtures(db);
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private Optional<RunEvent> append(Run run, String type, String key) {
        return fx.transactions.inTenant(A.tenant(), () -> fx.events.append(run.id(), new NewRunEvent(type, Map.of("k", key), key)));
    }

    private List<RunEvent> history(Run run) {
        return fx.transactions.inTenant(A.tenant(), () -> fx.events.listAfter(run.id(), 0, 10_000));
    }

    record Told(TenantId tenant, RunId run, int visibleElsewhere) {}

    @Test
    void theListenerIsToldOncePerRunAfterTheOutermostCommitAndNeverForARollbackOrARefusal() {
        Run run = fx.queuedRun(A);
        List<Told> told = new CopyOnWriteArrayList<>();
        PostgresRunEventStore store = new PostgresRunEventStore(fx.transactions,
                (tenant, r) -> told.add(new Told(tenant, r, history(run).size()))); // a fresh transaction's view

        fx.transactions.inTenant(A.tenant(), () -> {
            store.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "n1"));
            fx.transactions.inTenant(A.tenant(), () -> store.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "n2")));
            assertThat(told).as("not inside the transaction, nested or not").isEmpty();
        });
        assertThat(told).containsExactly(new Told(A.tenant(), run.id(), 3));

        assertThatThrownBy(() -> fx.transactions.inTenant(A.tenant(), () -> {
            store.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "n3"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        fx.transactions.inTenant(A.tenant(), () -> store.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "n1")));
        assertThat(told).as("a rollback and a refused (repeated key) append tell nobody").hasSize(1);

        PostgresRunEventStore throwing = new PostgresRunEventStore(fx.transactions, (tenant, r) -> {
            throw new IllegalStateException("listener down");
        });
        Optional<RunEvent> appended = fx.transactions.inTenant(A.tenant(),
                () -> throwing.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "n4")));
        assertThat(appended).as("a failing listener does not fail the committed writer").isPresent();
        assertThat(history(run)).hasSize(4);
    }

    @Test
    void startingARunWritesRunQueuedAsSeqOne() {
        Run run = fx.queuedRun(A);
        assertThat(run.lastEventSeq()).isEqualTo(1);
        assertThat(history(run)).singleElement().satisfies(e -> {
            assertThat(e.seq()).isEqualTo(1);
            assertThat(e.type()).isEqualTo(RunEventType.RUN_QUEUED);
            assertThat(e.payload()).containsEntry("total_steps", 6);
        });
    }

    /** Runs {@code work} for threads 0..threads-1 at once and waits for all (a failure in one fails the test). */
    private static void concurrently(int threads, IntConsumer work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> work.accept(thread)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentAppendsToOneRunGetGapFreeUniqueSeqs() throws Exception {
        Run run = fx.queuedRun(A);
        int threads = 8;
        int perThread = 25;
        concurrently(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                assertThat(append(run, RunEventType.STEP_PROGRESS, "p:" + thread + ":" + i)).isPresent();
            }
        });
        long expected = 1 + (long) threads * perThread;
        assertThat(history(run)).extracting(RunEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.runs.find(run.id())).orElseThrow().lastEventSeq()).isEqualTo(expected);
    }

    @Test
    void anAppendThatOpensItsTransactionCarriesTheTenantBindingWithIt() {
        Actor other = Fixtures.actor("t_other");
        Run theirs = fx.queuedRun(other);
        Run ours = fx.queuedRun(A);

        // the append is the transaction's first statement: the binding goes in the same round trip
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.events.append(theirs.id(),
                new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "x1")))).as("another tenant's run").isEmpty();
        assertThat(fx.transactions.inTenant(other.tenant(), () -> fx.events.listAfter(theirs.id(), 0, 10)))
                .extracting(RunEvent::type).containsExactly(RunEventType.RUN_QUEUED);

        String bound = fx.transactions.inTenant(A.tenant(), () -> {
            assertThat(fx.events.append(ours.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "o1"))).isPresent();
            // a later statement of the same transaction, on the plain path, sees the same binding
            return fx.transactions.withConnection(c -> {
                try (var ps = c.prepareStatement("SELECT current_setting('app.tenant_id', true)"); var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        });
        assertThat(bound).isEqualTo(A.tenant().value());
        assertThat(history(ours)).extracting(RunEvent::seq).containsExactly(1L, 2L);

        // the binding is transaction-local: a rolled-back opening append leaves nothing, and the next works
        assertThatThrownBy(() -> fx.transactions.inTenant(A.tenant(), () -> {
            fx.events.append(ours.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "o2"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(append(ours, RunEventType.STEP_PROGRESS, "o2")).get().extracting(RunEvent::seq).isEqualTo(3L);
    }

    private Optional<RunEvent> appendWithProgress(Actor actor, Run run, String type, String key, RunProgress progress) {
        return fx.events.appendWithProgress(actor.tenant(), run.id(), new NewRunEvent(type, Map.of("k", key), key), progress);
    }

    private Run reread(Run run) {
        return fx.transactions.inTenant(A.tenant(), () -> fx.runs.find(run.id())).orElseThrow();
    }

    @Test
    void aProgressWriteIsTheEventAndTheRunsProgressCommittedTogetherInATransactionOfItsOwn() {
        Run run = fx.queuedRun(A);
        List<Told> told = new CopyOnWriteArrayList<>();
        PostgresRunEventStore store = new PostgresRunEventStore(fx.transactions,
                (tenant, r) -> told.add(new Told(tenant, r, history(run).size())));

        Optional<RunEvent> written = store.appendWithProgress(A.tenant(), run.id(),
                new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 40), "step.progress:0:40"), new RunProgress(0, 0, 7));
        assertThat(written).map(RunEvent::seq).contains(2L);
        assertThat(told).as("told once, after the commit").containsExactly(new Told(A.tenant(), run.id(), 2));
        Run progressed = reread(run);
        assertThat(progressed.percent()).isEqualTo(7);
        assertThat(progressed.currentStepIndex()).isZero();
        assertThat(history(run)).extracting(RunEvent::seq).containsExactly(1L, 2L);

        // one transaction: the event's row and the run's new version were written by the same one
        long[] writers = fx.transactions.inTenant(A.tenant(), () -> fx.transactions.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT (SELECT xmin::text::bigint FROM run_events WHERE run_id = ? AND seq = 2), "
                    + "(SELECT xmin::text::bigint FROM runs WHERE id = ?)")) {
                ps.setObject(1, run.id().value());
                ps.setObject(2, run.id().value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        }));
        assertThat(writers[0]).isEqualTo(writers[1]);
    }

    @Test
    void aRefusedProgressWriteRecordsNoProgress() {
        Run run = fx.queuedRun(A);
        assertThat(appendWithProgress(A, run, RunEventType.STEP_PROGRESS, "p:1", new RunProgress(0, 0, 10))).isPresent();
        assertThat(appendWithProgress(A, run, RunEventType.STEP_PROGRESS, "p:1", new RunProgress(0, 0, 90)))
                .as("a redelivered key").isEmpty();
        assertThat(reread(run).percent()).isEqualTo(10);

        fx.transactions.inTenant(A.tenant(), () -> fx.runs.transition(run.id(), RunLifecycle.ACTIVE, RunStatus.ABORTED, Instant.now()));
        assertThat(appendWithProgress(A, run, RunEventType.STEP_PROGRESS, "p:2", new RunProgress(1, 1, 50)))
                .as("an ended run").isEmpty();
        assertThat(reread(run).percent()).isEqualTo(10);
        assertThat(reread(run).completedSteps()).isZero();

        Actor other = Fixtures.actor("t_other");
        Run theirs = fx.queuedRun(other);
        assertThat(appendWithProgress(A, theirs, RunEventType.STEP_PROGRESS, "p:1", new RunProgress(2, 2, 60)))
                .as("another tenant's run").isEmpty();
        Run untouched = fx.transactions.inTenant(other.tenant(), () -> fx.runs.find(theirs.id())).orElseThrow();
        assertThat(untouched.percent()).isZero();
        assertThat(fx.transactions.inTenant(other.tenant(), () -> fx.events.listAfter(theirs.id(), 0, 10))).hasSize(1);
    }

    @Test
    void aProgressWriteInsideAnOpenTransactionJoinsIt() {
        Run run = fx.queuedRun(A);
        assertThatThrownBy(() -> fx.transactions.inTenant(A.tenant(), () -> {
            assertThat(appendWithProgress(A, run, RunEventType.STEP_PROGRESS, "p:1", new RunProgress(0, 0, 30))).isPresent();
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(history(run)).hasSize(1);
        assertThat(reread(run).percent()).isZero();
    }

    @Test
    void concurrentProgressWritesToOneRunGetGapFreeUniqueSeqs() throws Exception {
        Run run = fx.queuedRun(A);
        int threads = 8;
        int perThread = 20;
        concurrently(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                assertThat(appendWithProgress(A, run, RunEventType.STEP_PROGRESS, "p:" + thread + ":" + i,
                        new RunProgress(0, 0, thread * 10 + i % 10))).isPresent();
            }
        });
        assertThat(history(run)).extracting(RunEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + (long) threads * perThread).boxed().toList());
    }

    @Test
    void aOneStatementTransactionRefusesASecondStatementAndKeepsTheFirst() {
        Run run = fx.queuedRun(A);
        assertThatThrownBy(() -> fx.transactions.inTenantOneStatement(A.tenant(), () -> {
            fx.events.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "s1"));
            return fx.events.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "s2"));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("one-statement");
        assertThatThrownBy(() -> fx.transactions.inTenantOneStatement(A.tenant(),
                () -> fx.runs.recordProgress(run.id(), new RunProgress(0, 0, 50))))
                .as("a statement off the one-statement path").isInstanceOf(IllegalStateException.class).hasMessageContaining("one-statement");
        assertThat(history(run)).extracting(RunEvent::type).containsExactly(RunEventType.RUN_QUEUED, RunEventType.STEP_PROGRESS);
        assertThat(reread(run).percent()).isZero();
    }

    /** Buffers (pages) that {@code sql} touched when run with the run's id, from EXPLAIN (ANALYZE, BUFFERS). */
    private static long buffersTouched(Run run, String sql) {
        return fx.transactions.inTenant(A.tenant(), () -> fx.transactions.withConnection(c -> {
            try (var ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                ps.setObject(1, run.id().value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    var plan = JsonMappers.shared().readTree(rs.getString(1)).get(0).get("Plan");
                    return plan.get("Shared Hit Blocks").asLong() + plan.get("Shared Read Blocks").asLong();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
    }

    /** {@code events} more events in one statement (seq 2.., as the application role: RLS applies). */
    private static void grow(Run run, int events) {
        fx.transactions.inTenant(A.tenant(), () -> fx.transactions.withConnection(c -> {
            try (var ps = c.prepareStatement("INSERT INTO run_events (tenant_id, run_id, seq, type, idempotency_key) "
                    + "SELECT ?, ?, n, 'step.progress', 'grown:' || n FROM generate_series(2, ? + 1) AS n")) {
                ps.setString(1, A.tenant().value());
                ps.setObject(2, run.id().value());
                ps.setInt(3, events);
                return ps.executeUpdate();
            }
        }));
    }

    @Test
    void theLatestSeqAndAnAppendTouchAsManyPagesForALongRunAsForAShortOne() {
        Run shortRun = fx.queuedRun(A);
        grow(shortRun, 5);
        Run longRun = fx.queuedRun(A);
        grow(longRun, 5_000);
        String latest = "SELECT " + RunReadSql.latestSeqOf("?");
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.runs.find(longRun.id())).orElseThrow().lastEventSeq())
                .isEqualTo(5_001);
        long shortLatest = buffersTouched(shortRun, latest);
        long longLatest = buffersTouched(longRun, latest);
        assertThat(longLatest).as("the latest seq of 5,001 events (%d pages for 6 events)", shortLatest)
                .isLessThanOrEqualTo(shortLatest + 3);

        String append = "SELECT * FROM append_run_event(?, 'step.progress', '{}', 'probe', ARRAY['completed'], ARRAY['run.completed'])";
        long shortAppend = buffersTouched(shortRun, append);
        long longAppend = buffersTouched(longRun, append);
        assertThat(longAppend).as("an append after 5,001 events (%d pages after 6 events)", shortAppend)
                .isLessThanOrEqualTo(shortAppend + 6);
        assertThat(history(longRun).getLast().seq()).isEqualTo(5_002);
    }

    @Test
    void aLockTakenWhileAnAppendIsOpenReadsTheSeqThatAppendCommitted() throws Exception {
        Run run = fx.queuedRun(A);
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> appender = pool.submit(() -> fx.transactions.inTenant(A.tenant(), () -> {
                assertThat(fx.events.append(run.id(), new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of(), "held"))).isPresent();
                appended.countDown();
                await(release);
                return null;
            }));
            await(appended);
            Future<Run> locker = pool.submit(() -> fx.transactions.inTenant(A.tenant(), () -> fx.runs.lock(run.id())).orElseThrow());
            awaitAWaitingLock();
            assertThat(locker).isNotDone();
            release.countDown();
            appender.get();
            assertThat(locker.get().lastEventSeq()).as("the seq read after the lock was granted").isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Until some backend waits for a lock (pg_locks is readable by every role). */
    private static void awaitAWaitingLock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (var c = db.ownerDataSource().getConnection(); var ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            while (true) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the second transaction never waited for the run's lock");
                }
                Thread.sleep(10);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void redeliveriesRacingWithTheSameKeysWriteEachKeyOnceAndLeaveNoGap() throws Exception {
        // Each writer waits on the run's lock and then sees keys committed meanwhile only through the unique
        // index (its snapshot predates them): a duplicate must write nothing AND leave last_event_seq alone.
        Run run = fx.queuedRun(A);
        int threads = 6;
        int keys = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < keys; i++) {
                        append(run, RunEventType.STEP_PROGRESS, "p:" + i).ifPresent(e -> written.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(written.get()).isEqualTo(keys);
        List<RunEvent> history = history(run);
        assertThat(history).extracting(RunEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + keys).boxed().toList());
        assertThat(history.subList(1, history.size())).extracting(e -> e.payload().get("k")).doesNotHaveDuplicates().hasSize(keys);
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.runs.find(run.id())).orElseThrow().lastEventSeq()).isEqualTo(1 + keys);
    }

    @Test
    void aSecondAppendWithTheSameKeyWritesNothing() {
        Run run = fx.queuedRun(A);
        assertThat(append(run, RunEventType.STEP_STARTED, "step.started:0")).map(RunEvent::seq).contains(2L);
        assertThat(append(run, RunEventType.STEP_STARTED, "step.started:0")).isEmpty();
        assertThat(append(run, RunEventType.STEP_COMPLETED, "step.completed:0")).map(RunEvent::seq).contains(3L);
        assertThat(history(run)).extracting(RunEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void nothingIsAppendedAfterTheTerminalEvent() {
        Run run = fx.queuedRun(A);
        assertThat(append(run, RunEventType.RUN_COMPLETED, "run.completed")).isPresent();
        assertThat(append(run, RunEventType.STEP_STARTED, "step.started:9")).isEmpty();
        assertThat(append(run, RunEventType.RUN_FAILED, "run.failed")).isEmpty();
        assertThat(history(run)).extracting(RunEvent::type).containsExactly(RunEventType.RUN_QUEUED, RunEventType.RUN_COMPLETED);
    }

    @Test
    void onATerminalStatusOnlyTheTerminalEventIsAccepted() {
        Run run = fx.queuedRun(A);
        fx.transactions.inTenant(A.tenant(), () -> fx.runs.transition(run.id(), RunLifecycle.ACTIVE, RunStatus.ABORTED, Instant.now()));
        assertThat(append(run, RunEventType.STEP_PROGRESS, "step.progress:0:1")).isEmpty();
        assertThat(append(run, RunEventType.RUN_ABORTED, "run.aborted")).isPresent();
        assertThat(history(run)).extracting(RunEvent::type).containsExactly(RunEventType.RUN_QUEUED, RunEventType.RUN_ABORTED);
    }

    @Test
    void anAbortAndStepEventsRacingLeaveNothingAfterTheTerminalEvent() throws Exception {
        for (int round = 0; round < 10; round++) {
            Run run = fx.queuedRun(A);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            append(run, RunEventType.STEP_PROGRESS, "p:" + thread + ":" + i);
                        }
                    }));
                }
                done.add(pool.submit(() -> fx.transactions.inTenant(A.tenant(), () -> {
                    fx.runs.transition(run.id(), RunLifecycle.ACTIVE, RunStatus.ABORTED, Instant.now())
                            .ifPresent(r -> fx.events.append(run.id(), new NewRunEvent(RunEventType.RUN_ABORTED, Map.of(), "run.aborted")));
                })));
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<RunEvent> events = history(run);
            assertThat(events.get(events.size() - 1).type()).isEqualTo(RunEventType.RUN_ABORTED);
            assertThat(events).extracting(RunEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
        }
    }

    @Test
    void transitionsUnderConcurrencyHaveExactlyOneWinner() throws Exception {
        Run run = fx.queuedRun(A);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> fx.transactions.inTenant(A.tenant(),
                        () -> fx.runs.transition(run.id(), Set.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.now()).isPresent())));
            }
            int winners = 0;
            for (Future<Boolean> f : attempts) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        Run running = fx.transactions.inTenant(A.tenant(), () -> fx.runs.find(run.id())).orElseThrow();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.finishedAt()).isNull();
    }

    @Test
    void aStoredTaskTokenIsTakenExactlyOnce() throws Exception {
        Run run = fx.queuedRun(A);
        fx.transactions.inTenant(A.tenant(), () -> {
            fx.runs.transition(run.id(), Set.of(RunStatus.QUEUED), RunStatus.PAUSED, Instant.now());
            assertThat(fx.runs.storeTaskToken(run.id(), "token-1", Set.of(RunStatus.PAUSING, RunStatus.PAUSED))).isTrue();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> takes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                takes.add(pool.submit(() -> fx.transactions.inTenant(A.tenant(), () -> fx.runs.takeTaskToken(run.id()))));
            }
            List<String> taken = new ArrayList<>();
            for (Future<Optional<String>> f : takes) {
                f.get().ifPresent(taken::add);
            }
            assertThat(taken).containsExactly("token-1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskTokenIsNotStoredOnceTheStatusMovedOn() {
        Run run = fx.queuedRun(A);
        boolean stored = fx.transactions.inTenant(A.tenant(),
                () -> fx.runs.storeTaskToken(run.id(), "token-1", Set.of(RunStatus.PAUSING, RunStatus.PAUSED)));
        assertThat(stored).isFalse();
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.runs.takeTaskToken(run.id()))).isEmpty();
    }

    @Test
    void failureAndProgressAreRecorded() {
        Run run = fx.queuedRun(A);
        Run progressed = fx.transactions.inTenant(A.tenant(), () -> fx.runs.recordProgress(run.id(), new RunProgress(2, 2, 33))).orElseThrow();
        assertThat(progressed.completedSteps()).isEqualTo(2);
        assertThat(progressed.currentStepIndex()).isEqualTo(2);
        assertThat(progressed.percent()).isEqualTo(33);
        Run failed = fx.transactions.inTenant(A.tenant(), () -> fx.runs.fail(run.id(), RunLifecycle.ACTIVE, "target unreachable", Instant.now())).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("target unreachable");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(fx.transactions.inTenant(A.tenant(), () -> fx.runs.fail(run.id(), RunLifecycle.ACTIVE, "again", Instant.now()))).isEmpty();
    }
}
