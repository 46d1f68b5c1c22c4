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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run end to end on the embedded default (SIMULATE_PROGRESS=false): over HTTP an engagement on a
 * loopback range with one address excluded, a discovery + port scan plan, a run through the embedded engine
 * and the real handlers, and exactly the open ports of the listeners this test started as findings.
 */
class RealRunIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static LocalRuntime runtime;
    private static LocalApi api;
    private static RunHistory history;
    private static final List<Listener> listeners = new ArrayList<>();

    private record Listener(ServerSocket socket, AtomicInteger accepted) {
        static Listener on(String address, int port) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            Listener listener = new Listener(socket, new AtomicInteger());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        socket.accept().close();
                        listener.accepted().incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            listeners.add(listener);
            return listener;
        }
    }

    @BeforeAll
    static void start() {
        ExecutorSettings real = new ExecutorSettings(true, 0, 128, Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofSeconds(600), "127.0.0.1:1", 53, List.of(), Optional.empty());
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null)
                .withSimulateStep(Duration.ZERO).withRealSteps(real));
        api = new LocalApi(runtime.apiUrl());
        history = new RunHistory(runtime.database());
    }

    @AfterAll
    static void stop() throws IOException {
        for (Listener listener : listeners) {
            listener.socket().close();
        }
        if (history != null) {
            history.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aRealRunFindsExactlyTheOpenPortsOfItsScopeAndNeverTouchesTheExcludedOrOutsideAddress() throws Exception {
        Listener ssh = Listener.on("127.0.81.2", 22);
        Listener web = Listener.on("127.0.81.3", 8080);
        Listener excluded = Listener.on("127.0.81.5", 22);
        Listener outside = Listener.on("127.0.81.9", 22);
        LocalApi.Planned planned = api.plan("""
                {"name":"Own machine","tenant_id":"t_demo","type":"network","scope":{"in_scope_domains":[],\
                "in_scope_cidrs":["127.0.81.0/29"],"out_of_scope":["127.0.81.5"],"risk_tier":"safe_active","windows":[],\
                "rate_limit":10000},"authorization":{"reference":"TICKET-1"}}""",
                List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"));

        String run = api.startRun(planned);
        JsonNode done = api.awaitRun(run, r -> r.get("status").asText().matches("completed|failed|aborted"), SETTLE);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
        List<RunEvent> events = history.events(run);
        List<Map<String, Object>> openPorts = events.stream().filter(e -> e.type().equals("finding.created"))
                .map(RunEvent::payload).filter(p -> p.get("rule").equals("network.port.open")).toList();
        assertThat(openPorts).extracting(p -> (Map<?, ?>) p.get("target")).extracting(t -> t.get("address") + ":" + t.get("port"))
                .containsExactlyInAnyOrder("127.0.81.2:22", "127.0.81.3:8080");
        long liveHosts = events.stream().filter(e -> e.type().equals("finding.created"))
                .filter(e -> e.payload().get("rule").equals("network.host.live")).count();
        assertThat(liveHosts).as("the 7 allowed loopback addresses all answer").isEqualTo(7);
        Map<String, Object> scanSummary = events.stream().filter(e -> e.type().equals("step.completed"))
                .map(RunEvent::payload).filter(p -> p.get("step_id").equals("syn_scan")).findFirst().orElseThrow();
        assertThat(scanSummary.get("summary").toString()).contains("ports_open=2", "work_total=7000");
        assertThat(ssh.accepted().get()).isPositive();
        assertThat(web.accepted().get()).isPositive();
        assertThat(excluded.accepted().get()).isZero();
        assertThat(outside.accepted().get()).isZero();
        assertThat(history.types(run).getLast()).isEqualTo("run.completed");
    }
}
