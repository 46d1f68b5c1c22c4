package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process stops while runs are under way and a new one starts on the same data folder. close() is what
 * a killed process looks like to the database: the engine stops without marking anything, tasks in flight
 * just end. One run is stopped in the middle of a step, another while paused.
 */
class RunRestartIT {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static LocalRuntime restarted;
    private static LocalApi api;
    private static RunHistory history;
    private static String interrupted;
    private static String paused;
    private static List<String> interruptedBefore;

    @BeforeAll
    static void runThenStopThenStartAgain() {
        LocalConfig config = new LocalConfig(0, dir.resolve("pgdata"), false, null);
        try (LocalRuntime first = new LocalRuntime().start(config.withSimulateStep(Duration.ofMillis(600)));
             RunHistory before = new RunHistory(first.database())) {
            LocalApi firstApi = new LocalApi(first.apiUrl());
            LocalApi.Planned planned = firstApi.plan();
            paused = firstApi.startRun(planned);
            before.awaitType(paused, "step.started", SETTLE);
            assertThat(firstApi.control(paused, "pause").statusCode()).isEqualTo(200);
            firstApi.awaitRun(paused, r -> r.get("status").asText().equals("paused"), SETTLE);

            interrupted = firstApi.startRun(planned);
            awaitMidStep(before, interrupted);
            interruptedBefore = before.types(interrupted);
        }
        restarted = new LocalRuntime().start(config.withSimulateStep(Duration.ofMillis(100)));
        api = new LocalApi(restarted.apiUrl());
        history = new RunHistory(restarted.database());
    }

    @AfterAll
    static void stop() {
        if (history != null) {
            history.close();
        }
        if (restarted != null) {
            restarted.close();
        }
    }

    @Test
    void aRunStoppedInTheMiddleOfAStepContinuesAfterTheRestartToCompletedWithEveryEventOnce() {
        assertThat(interruptedBefore).as("stopped part-way").contains("step.completed").doesNotContain("run.completed");

        api.awaitRun(interrupted, r -> r.get("status").asText().equals("completed"), SETTLE);

        List<RunEvent> events = history.events(interrupted);
        RunHistory.assertCompletedOnce(events);
        assertThat(history.types(interrupted)).as("what was written before the stop is kept, in place")
                .startsWith(interruptedBefore.toArray(String[]::new));
    }

    @Test
    void aRunPausedBeforeTheStopStaysPausedAndResumesAfterTheRestartDoingEveryStepOnce() {
        List<String> whilePaused = history.types(paused);
        LocalApi.pause(Duration.ofMillis(400)); // four paced steps' time: nothing may start
        assertThat(api.run(paused).get("status").asText()).isEqualTo("paused");
        assertThat(history.types(paused)).isEqualTo(whilePaused);

        assertThat(api.control(paused, "resume").statusCode()).isEqualTo(200);
        api.awaitRun(paused, r -> r.get("status").asText().equals("completed"), SETTLE);

        List<RunEvent> events = history.events(paused);
        RunHistory.assertCompletedOnce(events);
        assertThat(history.types(paused)).containsSubsequence("run.pause_requested", "run.paused", "run.resumed", "run.completed");
    }

    /** Waits until the run has finished a step and is part-way into the next one. */
    private static void awaitMidStep(RunHistory history, String run) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            List<String> types = history.types(run);
            if (types.contains("step.completed") && types.getLast().equals("step.progress")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + run + " never got into the middle of a step: " + types);
            }
            LocalApi.pause(Duration.ofMillis(10));
        }
    }
}
