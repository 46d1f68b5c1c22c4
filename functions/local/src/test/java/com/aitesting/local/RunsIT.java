package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunFailure;
import com.aitesting.notifier.NotifierConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Runs executed by the real embedded default: LocalRuntime with its engine, handlers and notifier on a
 * throw-away database, driven only over HTTP; Slack is a real HTTP receiver on loopback.
 */
class RunsIT {
    private static final Duration STEP = Duration.ofMillis(100);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static WebhookReceiver slack;
    private static LocalRuntime runtime;
    private static LocalApi api;
    private static RunHistory history;

    @BeforeAll
    static void start() {
        slack = new WebhookReceiver();
        NotifierConfig notifier = NotifierConfig.parse(Map.of("SLACK_WEBHOOK", slack.url(), "SLACK_ALLOW_LOOPBACK_HTTP", "true",
                "SLACK_MAX_ATTEMPTS", "2", "SLACK_BACKOFF_BASE_MS", "20", "SLACK_BACKOFF_MAX_MS", "50"));
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null)
                .withSimulateStep(STEP).withNotifier(notifier));
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
        slack.close();
    }

    @Test
    void aStartedRunExecutesToCompletedShowingItsProgressAndWritesEveryEventOnceInOrder() {
        String run = api.startRun(api.plan());

        List<JsonNode> seen = new ArrayList<>();
        JsonNode last = api.awaitRun(run, r -> {
            seen.add(r);
            return r.get("status").asText().equals("completed");
        }, SETTLE);

        assertThat(last.get("percent").asInt()).isEqualTo(100);
        assertThat(last.get("completed_steps").asInt()).isEqualTo(RunHistory.STEPS);
        assertThat(last.get("current_step_index").isNull()).isTrue();
        assertThat(seen).as("GET /v1/tests/{id} along the way").anySatisfy(r -> {
            assertThat(r.get("status").asText()).isEqualTo("running");
            assertThat(r.get("current_step_index").isInt()).isTrue();
            assertThat(r.get("percent").asInt()).isBetween(1, 99);
        });
        assertThat(seen.stream().map(r -> r.get("percent").asInt()).toList()).as("percent never goes back").isSorted();

        List<RunEvent> events = history.events(run);
        RunHistory.assertCompletedOnce(events);
        List<String> types = history.types(run);
        assertThat(types.subList(0, 2)).containsExactly("run.queued", "run.started");
        List<String> perStep = types.subList(2, types.size() - 1);
        for (int step = 0; step < RunHistory.STEPS; step++) {
            int begin = perStep.indexOf("step.started");
            int end = perStep.indexOf("step.completed");
            assertThat(begin).as("step %d starts first", step).isZero();
            assertThat(perStep.subList(1, end)).as("step %d progress", step).isNotEmpty().containsOnly("step.progress");
            perStep = perStep.subList(end + 1, perStep.size());
        }
        assertThat(perStep).isEmpty();
    }

    /**
     * Five runs, each hit by 32 controls from 4 client threads at once while it executes; two runs without
     * abort, three with two aborts mixed in. Whatever interleaving wins, every answer is one the lifecycle
     * allows, an accepted abort ends the run aborted with one run.aborted, no control writes more events than
     * were accepted, the stored status is where the history of controls leads, and a run not aborted
     * completes after a last resume with each step once.
     */
    @Test
    void concurrentControlsFromSeveralClientsAlwaysEndInOneValidStateWithAWellFormedHistory() throws Exception {
        for (int round = 0; round < 5; round++) {
            Random random = new Random(round);
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                actions.add(random.nextBoolean() ? "pause" : "resume");
            }
            if (round >= 2) {
                actions.set(random.nextInt(32), "abort");
                actions.set(random.nextInt(32), "abort");
            }
            String run = api.startRun(api.plan());
            history.awaitType(run, "step.started", SETTLE);

            List<ControlAnswer> answers = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
                List<Future<?>> calls = new ArrayList<>();
                for (int client = 0; client < 4; client++) {
                    List<String> mine = actions.subList(client * 8, client * 8 + 8);
                    calls.add(clients.submit(() -> {
                        go.await();
                        for (String action : mine) {
                            answers.add(ControlAnswer.of(action, api.control(run, action)));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
            }

            answers.forEach(ControlAnswer::assertAllowed);
            long abortsAccepted = answers.stream().filter(a -> a.action().equals("abort") && a.code() == 200).count();
            long resumesAccepted = answers.stream().filter(a -> a.action().equals("resume") && a.code() == 200).count();
            long pausesAccepted = answers.stream().filter(a -> a.action().equals("pause") && a.code() == 200).count();

            if (abortsAccepted > 0) {
                assertThat(api.run(run).get("status").asText()).isEqualTo("aborted");
                LocalApi.pause(STEP.multipliedBy(3)); // an execution still in a step would write now, if it could
                List<RunEvent> events = history.events(run);
                RunHistory.assertWellFormed(events);
                assertThat(history.types(run).getLast()).isEqualTo("run.aborted");
                assertThat(count(events, "run.aborted")).as("round %d: one abort wins", round).isEqualTo(1);
                assertThat(count(events, "run.resumed")).isLessThanOrEqualTo(resumesAccepted);
                assertThat(count(events, "run.pause_requested")).isLessThanOrEqualTo(pausesAccepted);
                continue;
            }

            // Settled (a pause takes effect at the next step boundary): the status is where the controls led.
            JsonNode settled = api.awaitRun(run, r -> !r.get("status").asText().equals("pausing"), SETTLE);
            List<String> controls = history.types(run).stream()
                    .filter(t -> Set.of("run.pause_requested", "run.paused", "run.resumed").contains(t)).toList();
            String lastControl = controls.isEmpty() ? "none" : controls.getLast();
            switch (settled.get("status").asText()) {
                case "paused" -> assertThat(lastControl).as("round %d", round).isEqualTo("run.paused");
                case "running", "completed" -> assertThat(lastControl).as("round %d", round).isIn("none", "run.resumed");
                default -> throw new AssertionError("round " + round + ": unexpected " + settled);
            }
            assertThat(count(history.events(run), "run.resumed")).isLessThanOrEqualTo(resumesAccepted);
            assertThat(count(history.events(run), "run.pause_requested")).isLessThanOrEqualTo(pausesAccepted);

            // Still running after settling: a pause applies, so it is accepted (it may only be refused because
            // the run completed meanwhile, which assertAllowed checks).
            String status = settled.get("status").asText();
            if (status.equals("running")) {
                ControlAnswer pause = ControlAnswer.of("pause", api.control(run, "pause"));
                pause.assertAllowed();
                status = pause.status();
            }
            // Paused: the resume applies. Otherwise it is accepted (pausing, or without an event after an earlier
            // resume), or refused (never paused, or completed meanwhile).
            ControlAnswer lastResume = ControlAnswer.of("resume", api.control(run, "resume"));
            lastResume.assertAllowed();
            if (status.equals("paused")) {
                assertThat(lastResume.code()).as("round %d", round).isEqualTo(200);
            }
            api.awaitRun(run, r -> r.get("status").asText().equals("completed"), SETTLE);
            RunHistory.assertCompletedOnce(history.events(run));
        }
    }

    @Test
    void aCompletedRunIsAnnouncedInSlackWhenItStartsAndWhenItCompletes() {
        String run = api.startRun(api.plan());
        api.awaitRun(run, r -> r.get("status").asText().equals("completed"), SETTLE);

        List<WebhookReceiver.Received> messages = slack.awaitAbout(run, 2, SETTLE);
        assertThat(messages).extracting(WebhookReceiver.Received::text)
                .satisfiesExactly(
                        started -> assertThat(started).startsWith("Run started").contains("6 steps planned"),
                        completed -> assertThat(completed).startsWith("Run completed").contains("6 steps", "duration"));
        assertThat(messages.getLast().body().get("blocks").toString()).contains("Results", "/v1/tests/" + run);
        RunHistory.assertCompletedOnce(history.events(run));

        // The outcome is written just after Slack answers: wait until neither delivery is pending.
        JsonNode notifications = api.awaitRun(run, r -> r.get("notifications").size() == 2
                && !r.get("notifications").findValuesAsText("outcome").contains("pending"), SETTLE).get("notifications");
        assertThat(notifications.findValuesAsText("transition")).containsExactly("started", "completed");
        assertThat(notifications).allSatisfy(n -> {
            assertThat(n.get("outcome").asText()).isEqualTo("sent");
            assertThat(n.get("attempts").asInt()).isEqualTo(1);
            assertThat(n.get("last_error").isNull()).isTrue();
        });
        JsonNode listed = LocalApi.json(api.get("/v1/tests?engagement_id=" + api.run(run).get("engagement_id").asText()));
        assertThat(listed.get(0).has("notifications")).as("lists stay as they were").isFalse();
    }

    @Test
    void anAbortedRunIsAnnouncedInSlackNamingWhoAbortedIt() {
        String run = api.startRun(api.plan());
        history.awaitType(run, "step.started", SETTLE);
        assertThat(api.control(run, "abort").statusCode()).isEqualTo(200);

        List<WebhookReceiver.Received> messages = slack.awaitAbout(run, 2, SETTLE);
        assertThat(messages.getLast().text()).startsWith("Run aborted").contains("aborted by " + LocalApi.USER);
        assertThat(messages.getLast().body().get("blocks").toString()).contains("Aborted by");
        assertThat(history.types(run).getLast()).isEqualTo("run.aborted");
    }

    @Test
    void aRunWhoseExecutionIsStoppedOutsideAiTestingFailsWithItItsStreamEndsAndSlackSaysWhy() {
        String run = api.startRun(api.plan());
        history.awaitType(run, "step.started", SETTLE);
        WorkflowEnginePart engine = runtime.workflow();
        try (SfnClient sfn = engine.client()) { // as an operator would, with the Step Functions API
            String execution = sfn.listExecutions(b -> b.stateMachineArn(engine.stateMachineArn())).executions().stream()
                    .filter(e -> e.name().equals(run)).findFirst().orElseThrow().executionArn();
            sfn.stopExecution(b -> b.executionArn(execution).error("Ops.Stop").cause("stopped by hand in the console"));
        }

        JsonNode failed = api.awaitRun(run, r -> r.get("status").asText().equals("failed"), SETTLE);
        assertThat(failed.get("failure_reason").asText()).startsWith(RunFailure.EXECUTION_STOPPED.sentence());
        List<RunEvent> events = history.events(run);
        assertThat(events.getLast().type()).isEqualTo("run.failed");
        assertThat(events.getLast().payload()).containsEntry("code", "execution_stopped");
        assertThat(events.stream().filter(RunEvent::isTerminal)).hasSize(1);
        // the run's event stream replays up to run.failed and ends, as for any ended run
        String stream = api.get("/v2/runs/" + run + "/events").body();
        assertThat(stream).contains("event: run.failed");
        assertThat(stream.substring(stream.lastIndexOf("event: "))).startsWith("event: run.failed");

        List<WebhookReceiver.Received> messages = slack.awaitAbout(run, 2, SETTLE);
        assertThat(messages.getLast().text()).startsWith("Run failed").contains(RunFailure.EXECUTION_STOPPED.sentence())
                .doesNotContain("stopped by hand", "Ops.Stop");
    }

    @Test
    void aSlackAnsweringServerErrorsChangesNeitherTheRunsOutcomeNorItsEvents() {
        slack.answer(500);
        try {
            String run = api.startRun(api.plan());
            api.awaitRun(run, r -> r.get("status").asText().equals("completed"), SETTLE);
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (count(history.events(run), "notification.failed") < 2 && System.nanoTime() < deadline) {
                LocalApi.pause(Duration.ofMillis(20));
            }

            List<RunEvent> events = history.events(run);
            RunHistory.assertCompletedOnce(events);
            assertThat(events.stream().filter(e -> e.type().equals("notification.failed")).map(e -> e.payload().get("transition")))
                    .containsExactlyInAnyOrder("started", "completed");
            assertThat(slack.about(run)).hasSize(4).allMatch(r -> r.answered() == 500); // 2 messages x 2 attempts

            JsonNode notifications = api.run(run).get("notifications");
            assertThat(notifications).as("GET /v1/tests/{id} shows the deliveries").hasSize(2).allSatisfy(n -> {
                assertThat(n.get("channel").asText()).isEqualTo("slack");
                assertThat(n.get("outcome").asText()).isEqualTo("failed");
                assertThat(n.get("attempts").asInt()).isEqualTo(2);
                assertThat(n.get("last_status").asInt()).isEqualTo(500);
                assertThat(n.get("last_error").asText()).isEqualTo("http_500");
                assertThat(n.get("last_error_message").asText()).isEqualTo("The receiver answered HTTP 500.");
                assertThat(n.get("finished_at").isTextual()).isTrue();
            });
            assertThat(notifications.findValuesAsText("transition")).containsExactlyInAnyOrder("started", "completed");
            assertThat(notifications.toString()).doesNotContain("127.0.0.1", "/hook", "Exception");
        } finally {
            slack.answer(200);
        }
    }

    private static long count(List<RunEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }
}
