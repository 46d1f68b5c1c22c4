package com.aitesting.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.Run;
import com.aitesting.core.tenant.Actor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same core scenarios with EVENT_TAIL=poll: one poller per process instead of LISTEN/NOTIFY. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunEventStreamPollingIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static StreamTestApp app;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of("EVENT_TAIL", "poll", "EVENT_POLL_MS", "50"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aLiveRunIsStreamedInSeqOrderToItsTerminalEventWhenPolling() {
        Run run = app.queuedRun(ALICE);
        List<CompletableFuture<List<SseClient.Frame>>> subscribers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subscribers.add(CompletableFuture.supplyAsync(() -> {
                try (SseClient c = SseClient.open(app.eventsUri(run.id(), null), StreamTestApp.headers(ALICE))) {
                    return c.remainingEvents();
                }
            }));
        }
        for (int p = 5; p <= 100; p += 5) {
            app.progress(ALICE.tenant(), run.id(), p);
            RunEventStreamIT.sleep(15);
        }
        app.complete(ALICE.tenant(), run.id());
        subscribers.forEach(s -> RunEventStreamIT.assertSameAsStored(s.join(), app.stored(ALICE.tenant(), run.id())));
    }

    @Test
    void reconnectingWithLastEventIdLosesAndRepeatsNothingWhenPolling() {
        Run run = app.queuedRun(ALICE);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                app.progress(ALICE.tenant(), run.id(), i);
                RunEventStreamIT.sleep(5);
            }
            app.complete(ALICE.tenant(), run.id());
        });
        List<SseClient.Frame> received = new ArrayList<>();
        String lastId = null;
        boolean ended = false;
        int connections = 0;
        while (!ended) {
            connections++;
            Map<String, String> headers = new HashMap<>(StreamTestApp.headers(ALICE));
            if (lastId != null) {
                headers.put("Last-Event-ID", lastId);
            }
            try (SseClient client = SseClient.open(app.eventsUri(run.id(), null), headers)) {
                int take = 9;
                for (SseClient.Frame f = client.next(); f != null && take > 0; f = client.next()) {
                    if (f.data() == null || f.isComment()) {
                        continue;
                    }
                    received.add(f);
                    lastId = f.id();
                    take--;
                    ended = f.type().equals("run.completed");
                    if (ended) {
                        break;
                    }
                }
            }
        }
        producer.join();
        assertThat(connections).isGreaterThan(5);
        RunEventStreamIT.assertSameAsStored(received, app.stored(ALICE.tenant(), run.id()));
    }
}
