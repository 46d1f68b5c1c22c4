package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: twenty clients sending random pauses, resumes and aborts to one run for 1.5 s over the real HTTP
 * API, with the embedded engine executing it (20 ms steps, so it parks and wakes often), round after round. Controls and the workflow's park task serialise on the
 * run row, so no interleaving may fail the run, lose a wake-up or answer 5xx: every run ends completed or
 * aborted, with a history that is well-formed and legal step by step per RunLifecycle.
 */
class ConcurrentControlsIT {
    private static final int ROUNDS = 20;
    private static final int CLIENTS = 20;
    /** How long the clients keep sending, per round (or until the run has ended). */
    private static final Duration STORM = Duration.ofMillis(1500);
    private static final Duration STEP = Duration.ofMillis(20);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static LocalRuntime runtime;
    private static LocalApi api;
    private static RunHistory history;

    @BeforeAll
    static void start() {
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null).withSimulateStep(STEP));
        api = new LocalApi(runtime.apiUrl());
        history = new RunHistory(runtime.database());
    }

    @AfterAll
    static void stop() {
        if (history != null) {
            history.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void twentyClientsPausingResumingAndAbortingOneRunNeverFailItNorGetA5xxAndEveryRunEndsCompletedOrAborted() throws Exception {
        LocalApi.Planned plan = api.plan();
        int completed = 0;
        int aborted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Random random = new Random(1_000 + round);
            boolean withAborts = round % 2 == 1;
            String run = api.startRun(plan);
            history.awaitType(run, "step.started", SETTLE);

            List<ControlAnswer> answers = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> calls = new ArrayList<>();
                long until = System.nanoTime() + STORM.toNanos();
                for (int client = 0; client < CLIENTS; client++) {
                    Random mine = new Random(random.nextLong());
                    calls.add(clients.submit(() -> {
                        go.await();
                        boolean ended = false;
                        while (!ended && System.nanoTime() < until) {
                            // aborts are rare, so a round with aborts still sees many pause/resume interleavings first
                            String action = withAborts && mine.nextInt(400) == 0 ? "abort" : mine.nextBoolean() ? "pause" : "resume";
                            ControlAnswer answer = ControlAnswer.of(action, api.control(run, action));
                            answers.add(answer);
                            ended = Set.of("completed", "failed", "aborted").contains(answer.status());
                            LocalApi.pause(Duration.ofMillis(mine.nextInt(4)));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get(120, TimeUnit.SECONDS);
                }
            }
            answers.forEach(ControlAnswer::assertAllowed);

            RunStatus end = settle(run, round);
            List<RunEvent> events = history.events(run);
            RunHistory.assertWellFormed(events);
            assertThat(RunHistory.assertLegalPerLifecycle(events)).as("round %d: the replayed history ends where the run is", round)
                    .isEqualTo(end);
            assertThat(end).as("round %d: %s", round, events).isIn(RunStatus.COMPLETED, RunStatus.ABORTED);
            if (end == RunStatus.COMPLETED) {
                RunHistory.assertCompletedOnce(events);
                completed++;
            } else {
                assertThat(answers).as("round %d: aborted only by an accepted abort", round)
                        .anyMatch(a -> a.action().equals("abort") && a.code() == 200);
                aborted++;
            }
        }
        assertThat(completed).as("rounds that completed").isPositive();
        assertThat(aborted).as("rounds that were aborted").isPositive();
    }

    /**
     * After the storm: a run that was not aborted is resumed until it completes (a pause that took effect
     * parks it; a resume then must wake it, or the run would stay paused and this would time out).
     */
    private static RunStatus settle(String run, int round) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            JsonNode now = api.run(run);
            String status = now.get("status").asText();
            switch (status) {
                case "completed", "aborted", "failed" -> {
                    LocalApi.pause(STEP.multipliedBy(3)); // an execution still in a step would write now, if it could
                    return RunStatus.fromWire(api.run(run).get("status").asText());
                }
                case "paused", "pausing" -> ControlAnswer.of("resume", api.control(run, "resume")).assertAllowed();
                default -> { }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + round + ": run " + run + " did not end within " + SETTLE + "; it is " + now
                        + " after " + history.types(run));
            }
            LocalApi.pause(Duration.ofMillis(20));
        }
    }
}
