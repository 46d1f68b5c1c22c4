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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real step too big for one chunk, through the embedded engine and the same ASL as AWS: a port scan of
 * 8 loopback addresses x 1000 ports at 400 probes/s takes about 20 s, the chunk budget is 10 s, so the step
 * runs as two chunks with a checkpoint between them. A pause lands between the chunks (the step has not
 * completed), nothing is probed while parked, and the run then either resumes to the same result as one
 * chunk would give or is aborted there with no probe after.
 */
class RealRunChunksIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String SCOPE = """
            {"name":"Chunks","tenant_id":"t_demo","type":"network","scope":{"in_scope_domains":[],\
            "in_scope_cidrs":["%s"],"out_of_scope":[],"risk_tier":"safe_active","windows":[],\
            "rate_limit":400},"authorization":{"reference":"TICKET-2"}}""";

    @TempDir
    static Path dir;
    static LocalRuntime runtime;
    static LocalApi api;
    static RunHistory history;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    @BeforeAll
    static void start() {
        // Short timeouts keep every executor's worst-case item (the chunk rule) inside a 10 s chunk (the TLS scan's is 9 s).
        ExecutorSettings real = new ExecutorSettings(true, 10_000, 128, Duration.ofMillis(100), Duration.ofMillis(50),
                Duration.ofSeconds(10), "127.0.0.1:1", 53, List.of(), Optional.empty());
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null)
                .withSimulateStep(Duration.ZERO).withRealSteps(real));
        api = new LocalApi(runtime.apiUrl());
        history = new RunHistory(runtime.database());
    }

    @AfterAll
    static void stop() throws IOException {
        if (history != null) {
            history.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @AfterEach
    void closeListeners() throws IOException {
        for (ServerSocket socket : listeners) {
            socket.close();
        }
    }

    @Test
    void aPauseLandsBetweenChunksAndTheResumedStepEndsWithTheWholeResult() throws Exception {
        listen("127.0.84.2", 22);
        listen("127.0.84.5", 8080);
        String run = startAndPauseBetweenChunks("127.0.84.0/29");

        assertThat(api.control(run, "resume").statusCode()).isLessThan(300);
        JsonNode done = api.awaitRun(run, r -> r.get("status").asText().matches("completed|failed|aborted"), SETTLE);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        List<RunEvent> events = history.events(run);
        assertThat(events.stream().filter(e -> e.type().equals("step.started"))
                .filter(e -> e.payload().get("step_id").equals("syn_scan"))).as("one step.started for both chunks").hasSize(1);
        Map<String, Object> summary = scanSummary(events).orElseThrow();
        assertThat(summary.get("summary").toString()).contains("work_total=8000", "work_done=8000", "ports_open=2",
                "ports_closed=7998", "connections=8000", "blocked=0");
        assertThat(events.stream().filter(e -> e.type().equals("finding.created")).map(RunEvent::payload)
                .map(p -> (Map<?, ?>) p.get("target")).map(t -> t.get("address") + ":" + t.get("port")))
                .containsExactlyInAnyOrder("127.0.84.2:22", "127.0.84.5:8080");
    }

    @Test
    void anAbortBetweenChunksEndsTheRunWithoutAnotherProbe() throws Exception {
        listen("127.0.85.3", 22);
        String run = startAndPauseBetweenChunks("127.0.85.0/29");
        int acceptedWhenParked = accepted.get();

        assertThat(api.control(run, "abort").statusCode()).isLessThan(300);
        JsonNode done = api.awaitRun(run, r -> r.get("status").asText().matches("completed|failed|aborted"), SETTLE);
        LocalApi.pause(Duration.ofMillis(1500));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("aborted");
        assertThat(scanSummary(history.events(run))).as("the scan never completed").isEmpty();
        assertThat(accepted.get()).isEqualTo(acceptedWhenParked);
    }

    /** Starts a scan of {@code cidr}, pauses it during its first chunk; returns once it is parked between chunks. */
    private String startAndPauseBetweenChunks(String cidr) {
        LocalApi.Planned planned = api.plan(SCOPE.formatted(cidr), List.of("network.nmap.tcp_top_1000"));
        String run = api.startRun(planned);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (history.events(run).stream().noneMatch(e -> e.type().equals("step.started")
                && e.payload().get("step_id").equals("syn_scan"))) {
            assertThat(System.nanoTime()).as("the scan step starts").isLessThan(deadline);
            LocalApi.pause(Duration.ofMillis(50));
        }
        assertThat(api.control(run, "pause").statusCode()).isLessThan(300);
        JsonNode paused = api.awaitRun(run, r -> r.get("status").asText().matches("paused|completed|failed|aborted"), SETTLE);
        assertThat(paused.get("status").asText()).as(paused.toString()).isEqualTo("paused");
        List<RunEvent> events = history.events(run);
        assertThat(scanSummary(events)).as("paused inside the step, between its chunks").isEmpty();
        long probedWhenParked = events.stream().filter(e -> e.type().equals("step.progress"))
                .mapToLong(e -> ((Number) e.payload().get("done")).longValue()).max().orElse(0);
        assertThat(probedWhenParked).isLessThan(8000);
        int acceptedWhenParked = accepted.get();
        LocalApi.pause(Duration.ofMillis(700));
        assertThat(accepted.get()).as("nothing probes while parked").isEqualTo(acceptedWhenParked);
        return run;
    }

    private static Optional<Map<String, Object>> scanSummary(List<RunEvent> events) {
        return events.stream().filter(e -> e.type().equals("step.completed")).map(RunEvent::payload)
                .filter(p -> p.get("step_id").equals("syn_scan")).findFirst();
    }

    private void listen(String address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        listeners.add(socket);
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    socket.accept().close();
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }
}
