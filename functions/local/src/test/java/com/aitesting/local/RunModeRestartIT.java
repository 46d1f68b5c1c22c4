package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunEvent;
import com.aitesting.executors.ExecutorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run keeps the mode it was queued in across a restart that changes SIMULATE_PROGRESS (the README's
 * {@code SIMULATE_PROGRESS=false ./dev start} on the same data folder). A run queued while simulated was never
 * checked for what a real run needs (an authorization, executable tests): resumed by a real runtime it is still
 * simulated and nothing is probed. A real run resumed by a simulating runtime fails, saying why, instead of
 * going on with invented steps. Before runs.mode, the first probed its scope for real with no authorization.
 */
class RunModeRestartIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String SCOPE = """
            {"name":"Own machine","tenant_id":"t_demo","type":"network","scope":{"in_scope_domains":[],\
            "in_scope_cidrs":["127.0.83.1/32"],"out_of_scope":[],"risk_tier":"safe_active","windows":[],\
            "rate_limit":%d}%s}""";

    @TempDir
    static Path dir;
    private static ServerSocket listener;
    private static final AtomicInteger accepted = new AtomicInteger();
    private static LocalConfig simulating;
    private static LocalConfig real;

    @BeforeAll
    static void listenOnTheScope() throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.83.1"), 22));
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        simulating = new LocalConfig(0, dir.resolve("pgdata"), false, null).withSimulateStep(Duration.ofMillis(600));
        real = simulating.withRealSteps(new ExecutorSettings(true, 0, 16, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(600), "127.0.0.1:1", 53, List.of(), Optional.empty()));
    }

    @AfterAll
    static void stop() throws IOException {
        listener.close();
    }

    @Test
    void aRunKeepsTheModeItWasQueuedInWhenTheRuntimeRestartsInTheOtherMode() {
        String queuedSimulated;
        try (LocalRuntime first = new LocalRuntime().start(simulating); RunHistory history = new RunHistory(first.database())) {
            LocalApi api = new LocalApi(first.apiUrl());
            LocalApi.Planned planned = api.plan(SCOPE.formatted(100, ""), List.of("network.nmap.tcp_top_1000"));
            queuedSimulated = api.startRun(planned);
            assertThat(api.run(queuedSimulated).get("mode").asText()).isEqualTo("simulated");
            history.awaitType(queuedSimulated, "step.started", SETTLE);
            pause(api, queuedSimulated);
        }

        String queuedReal;
        try (LocalRuntime second = new LocalRuntime().start(real); RunHistory history = new RunHistory(second.database())) {
            LocalApi api = new LocalApi(second.apiUrl());
            assertThat(api.control(queuedSimulated, "resume").statusCode()).isEqualTo(200);
            JsonNode done = api.awaitRun(queuedSimulated, r -> r.get("status").asText().matches("completed|failed|aborted"), SETTLE);

            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
            assertThat(done.get("mode").asText()).isEqualTo("simulated");
            assertThat(accepted.get()).as("nothing probed the scope: the run never had an authorization").isZero();
            assertThat(summaryModes(history.events(queuedSimulated))).containsOnly("simulated");
            assertThat(lastPayload(history.events(queuedSimulated), "run.completed")).containsEntry("mode", "simulated");

            // 1,000 probes at 50/s: the pause comes during the scan and takes effect at the step after it
            LocalApi.Planned planned = api.plan(SCOPE.formatted(50, ",\"authorization\":{\"reference\":\"TICKET-7\"}"),
                    List.of("network.nmap.tcp_top_1000"));
            queuedReal = api.startRun(planned);
            assertThat(api.run(queuedReal).get("mode").asText()).isEqualTo("real");
            history.awaitType(queuedReal, "step.progress", SETTLE);
            pause(api, queuedReal);
            assertThat(accepted.get()).as("the real run probes its scope").isPositive();
        }

        int probedBefore = accepted.get();
        try (LocalRuntime third = new LocalRuntime().start(simulating); RunHistory history = new RunHistory(third.database())) {
            LocalApi api = new LocalApi(third.apiUrl());
            List<String> beforeResume = history.types(queuedReal);
            assertThat(api.control(queuedReal, "resume").statusCode()).isEqualTo(200);
            JsonNode done = api.awaitRun(queuedReal, r -> r.get("status").asText().matches("completed|failed|aborted"), SETTLE);

            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("failed");
            assertThat(done.get("mode").asText()).isEqualTo("real");
            assertThat(done.get("failure_reason").asText()).contains("simulates runs now").doesNotContain("Exception");
            List<RunEvent> events = history.events(queuedReal);
            assertThat(lastPayload(events, "run.failed")).containsEntry("code", "mode_unavailable");
            assertThat(history.types(queuedReal).subList(beforeResume.size(), history.types(queuedReal).size()))
                    .as("no simulated step inside the real run").containsExactly("run.resumed", "run.failed");
            assertThat(summaryModes(events)).containsOnly("real");
            assertThat(accepted.get()).isEqualTo(probedBefore);
        }
    }

    private static void pause(LocalApi api, String run) {
        assertThat(api.control(run, "pause").statusCode()).isEqualTo(200);
        api.awaitRun(run, r -> r.get("status").asText().equals("paused"), SETTLE);
    }

    private static List<Object> summaryModes(List<RunEvent> events) {
        return events.stream().filter(e -> e.type().equals("step.completed"))
                .map(e -> ((Map<?, ?>) e.payload().get("summary")).get("mode")).map(Object.class::cast).toList();
    }

    private static Map<String, Object> lastPayload(List<RunEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no " + type + " in " + events.stream().map(RunEvent::type).toList())).payload();
    }
}
