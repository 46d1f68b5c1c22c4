package com.aitesting.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StepExecutors;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunModeUnavailableException;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.simulation.StepSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The real path of ExecuteStep with a fake executor: chunks, events, findings, refusals, stop on abort. */
class RealStepTest {
    private final InMemoryRuns db = new InMemoryRuns(RunMode.REAL);
    private final Clock clock = Clock.fixed(InMemoryRuns.NOW.plusSeconds(90), ZoneOffset.UTC);
    private final Findings findings = new Findings();
    private final List<StepWork> calls = new CopyOnWriteArrayList<>();

    private ExecuteStep execute(BiFunction<StepWork, StepReporter, ChunkOutcome> executor) {
        return execute(db, executor);
    }

    private ExecuteStep execute(InMemoryRuns db, BiFunction<StepWork, StepReporter, ChunkOutcome> executor) {
        StepExecutors executors = new StepExecutors() {
            @Override
            public Optional<String> workStep(String testId) {
                return Optional.of("work");
            }

            @Override
            public ChunkOutcome execute(StepWork work, StepReporter reporter) {
                calls.add(work);
                return executor.apply(work, reporter);
            }
        };
        return new ExecuteStep(db, db, db, db, db, new StepSimulator(), Duration.ZERO,
                new ExecuteStep.RealMode(executors, findings, Duration.ofMinutes(10), Duration.ofMillis(50)));
    }

    private static final NewFinding OPEN_PORT = new NewFinding("network.nmap.tcp_top_1000", "network.port.open", Severity.INFO,
            "Open TCP port 22 on 10.0.0.5", "accepted", new FindingTarget(null, "10.0.0.5", 22, null), Map.of("state", "open"));

    /** Two chunks: the first reports a finding, a refusal and half the progress. */
    private static ChunkOutcome twoChunks(StepWork work, StepReporter reporter) {
        if (work.offset() == 0) {
            reporter.progress(50, 100, "half");
            reporter.finding(OPEN_PORT);
            reporter.blocked(new ScopeRefusal("10.0.0.200", "10.0.0.200", "out_of_scope"));
            return new ChunkOutcome(false, 50, Map.of("probes", 50L));
        }
        reporter.finding(OPEN_PORT);
        return new ChunkOutcome(true, 100, Map.of("probes", 100L, "ports_open", 1L));
    }

    @Test
    void aRunQueuedAsSimulatedIsSimulatedByAWorkerThatRunsRealExecutors() {
        InMemoryRuns simulated = new InMemoryRuns(RunMode.SIMULATED);
        ExecuteStep step = execute(simulated, RealStepTest::twoChunks);
        new BeginRun(simulated, simulated, simulated, simulated, clock).execute(new BeginRun.Command(simulated.task(), "arn:exec"));

        for (int index = 0; index < 2; index++) {
            assertThat(step.executeChunk(new ExecuteStep.Command(simulated.task(), index)).outcome()).isEqualTo(ExecuteStep.Outcome.COMPLETED);
        }

        assertThat(calls).as("no probe: the run never passed the real-run checks").isEmpty();
        assertThat(simulated.payloads().get("step.completed")).extracting(p -> (Object) ((Map<?, ?>) p.get("summary")).get("mode"))
                .containsExactly("simulated", "simulated");
    }

    @Test
    void aRunQueuedAsRealFailsAtAWorkerThatOnlySimulatesAndWritesNothingOfTheStep() {
        ExecuteStep simulatingOnly = new ExecuteStep(db, db, db, db, db, new StepSimulator(), Duration.ZERO);
        new BeginRun(db, db, db, db, clock).execute(new BeginRun.Command(db.task(), "arn:exec"));

        assertThatThrownBy(() -> simulatingOnly.executeChunk(new ExecuteStep.Command(db.task(), 0)))
                .isInstanceOf(RunModeUnavailableException.class);

        assertThat(db.types()).as("no simulated step inside a real run").containsExactly("run.started");
    }

    @Test
    void aWorkStepRunsChunkByChunkAndTheOtherStepsOfTheTestCompleteAtOnce() {
        ExecuteStep step = execute(RealStepTest::twoChunks);
        new BeginRun(db, db, db, db, clock).execute(new BeginRun.Command(db.task(), "arn:exec"));

        assertThat(step.executeChunk(new ExecuteStep.Command(db.task(), 0)).outcome()).isEqualTo(ExecuteStep.Outcome.COMPLETED);
        ExecuteStep.Result first = step.executeChunk(new ExecuteStep.Command(db.task(), 1));
        assertThat(first.outcome()).isEqualTo(ExecuteStep.Outcome.MORE_CHUNKS);
        assertThat(first.nextOffset()).isEqualTo(50);
        ExecuteStep.Result second = step.executeChunk(new ExecuteStep.Command(db.task(), 1, first.nextOffset(), first.counts()));
        assertThat(second.outcome()).isEqualTo(ExecuteStep.Outcome.COMPLETED);

        assertThat(calls).extracting(StepWork::offset).containsExactly(0L, 50L);
        assertThat(calls.get(1).counts()).containsEntry("probes", 50L);
        assertThat(calls.get(1).findings()).hasSize(1);
        // step 0 (prepare) did nothing; step 1 (work) probed; one step.started each, the finding announced once
        assertThat(db.types()).containsExactly("run.started", "step.started", "step.completed", "step.started",
                "step.progress", "finding.created", "scope.blocked", "step.completed");
        assertThat(db.payloads().get("step.completed").getFirst().get("summary"))
                .isEqualTo(Map.of("mode", "real", "work_step", "work", "probes", 0));
        assertThat(db.payloads().get("step.completed").get(1).get("summary"))
                .isEqualTo(Map.of("mode", "real", "probes", 100L, "ports_open", 1L));
        assertThat(db.payloads().get("step.progress").getFirst()).containsEntry("percent", 50).containsEntry("done", 50L);
        Map<String, Object> created = db.payloads().get("finding.created").getFirst();
        assertThat(created).containsEntry("rule", "network.port.open").containsEntry("severity", "info")
                .containsEntry("finding_id", findings.stored.getFirst().id().toString())
                .containsEntry("target", Map.of("address", "10.0.0.5", "port", 22));
        assertThat(db.payloads().get("scope.blocked").getFirst()).containsEntry("target", "10.0.0.200")
                .containsEntry("address", "10.0.0.200").containsEntry("rule", "out_of_scope");
        assertThat(db.run().completedSteps()).isEqualTo(2);
    }

    @Test
    void anAbortDuringAChunkStopsItWithinASecondAndWritesNothingMore() {
        ExecuteStep step = execute((work, reporter) -> {
            db.fail(db.runId, Set.of(RunStatus.RUNNING), "aborted by test", InstantHolder.NOW);
            long start = System.nanoTime();
            while (!work.stop().stopped() && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                Thread.onSpinWait();
            }
            reporter.finding(OPEN_PORT);
            return new ChunkOutcome(true, 1, Map.of());
        });
        new BeginRun(db, db, db, db, clock).execute(new BeginRun.Command(db.task(), "arn:exec"));
        long started = System.nanoTime();

        ExecuteStep.Result result = step.executeChunk(new ExecuteStep.Command(db.task(), 1));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(result.outcome()).isEqualTo(ExecuteStep.Outcome.STOPPED);
        assertThat(db.types()).doesNotContain("step.completed", "finding.created");
    }

    @Test
    void aChunkThatEndsWhileTheWatcherReadsTheRunLetsTheReadFinishUninterrupted() {
        // An interrupt inside a JDBC read closes the socket and breaks the pooled connection.
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch readOver = new CountDownLatch(1);
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        db.beforeFind = () -> {
            if (armed.compareAndSet(true, false)) {
                reading.countDown();
                try {
                    Thread.sleep(300);
                    interrupted.add(Thread.interrupted());
                } catch (InterruptedException e) {
                    interrupted.add(true);
                }
                readOver.countDown();
            }
        };
        ExecuteStep step = execute((work, reporter) -> {
            armed.set(true);
            awaitOrFail(reading);
            return new ChunkOutcome(true, 1, Map.of("probes", 1L));
        });
        new BeginRun(db, db, db, db, clock).execute(new BeginRun.Command(db.task(), "arn:exec"));

        ExecuteStep.Result result = step.executeChunk(new ExecuteStep.Command(db.task(), 1));

        awaitOrFail(readOver);
        assertThat(interrupted).containsExactly(false);
        assertThat(result.outcome()).isEqualTo(ExecuteStep.Outcome.COMPLETED);
    }

    @Test
    void aStoreThatCannotAnswerTheWatcherIsAskedAgainAndAnAbortStillStopsTheChunk() {
        AtomicBoolean armed = new AtomicBoolean();
        db.beforeFind = () -> {
            if (armed.compareAndSet(true, false)) {
                throw StoreUnavailableException.sqlState("08006", null);
            }
        };
        AtomicBoolean sawStop = new AtomicBoolean();
        ExecuteStep step = execute((work, reporter) -> {
            armed.set(true);
            db.fail(db.runId, Set.of(RunStatus.RUNNING), "aborted by test", InstantHolder.NOW);
            long start = System.nanoTime();
            while (!work.stop().stopped() && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                Thread.onSpinWait();
            }
            sawStop.set(work.stop().stopped());
            return new ChunkOutcome(true, 1, Map.of());
        });
        new BeginRun(db, db, db, db, clock).execute(new BeginRun.Command(db.task(), "arn:exec"));
        long started = System.nanoTime();

        ExecuteStep.Result result = step.executeChunk(new ExecuteStep.Command(db.task(), 1));

        assertThat(sawStop).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(result.outcome()).isEqualTo(ExecuteStep.Outcome.STOPPED);
        assertThat(armed).as("the failing read happened").isFalse();
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).as("waited for the watcher's read").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static final class InstantHolder {
        static final Instant NOW = InMemoryRuns.NOW.plusSeconds(60);
    }

    /** Findings of the run, one per fingerprint, as the port promises. */
    private static final class Findings implements FindingRepository {
        final List<Finding> stored = new ArrayList<>();

        @Override
        public synchronized Optional<Finding> insert(RunId run, int stepIndex, NewFinding finding) {
            if (stored.stream().anyMatch(f -> f.fingerprint().equals(finding.fingerprint()))) {
                return Optional.empty();
            }
            Finding f = new Finding(UUID.randomUUID(), run, stepIndex, finding, finding.fingerprint(), InMemoryRuns.NOW);
            stored.add(f);
            return Optional.of(f);
        }

        @Override
        public synchronized List<Finding> listByRun(RunId run, Severity minimum) {
            return List.copyOf(stored);
        }

        @Override
        public com.aitesting.core.finding.SeverityCounts countByRun(RunId run) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public List<Finding> pageByRun(RunId run, Severity minimum, java.util.Optional<com.aitesting.core.page.PageKey> after, int limit) {
            throw new UnsupportedOperationException("not used by these tests");
        }

        @Override
        public List<com.aitesting.core.finding.EngagementFinding> pageByEngagement(com.aitesting.core.engagement.EngagementId engagement,
                Severity minimum, java.util.Optional<com.aitesting.core.page.PageKey> after, int limit) {
            throw new UnsupportedOperationException("not used by these tests");
        }
    }
}
