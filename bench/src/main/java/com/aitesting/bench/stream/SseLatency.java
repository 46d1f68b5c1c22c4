package com.aitesting.bench.stream;

import com.aitesting.core.run.Run;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** See {@link com.aitesting.bench.SseLatencyBenchmark}. */
public final class SseLatency {
    private static final Duration PACE = Duration.ofMillis(25);
    private static final int WARM_UP_NOTIFIES = 50;

    public static void run(int events, int[] subscriberCounts) throws Exception {
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, JDK " + Runtime.version()
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        try (SseBenchApp db = new SseBenchApp()) {
            System.out.println("baseline LISTEN/NOTIFY round trip (commit of NOTIFY -> listener receipt), " + (events * 5) + " samples: "
                    + bareListenNotify(db, events * 5).describe());
            Map<String, Object> props = new HashMap<>(db.appProperties());
            props.put("micronaut.server.port", -1);
            props.put("micronaut.server.host", "127.0.0.1");
            props.put("STREAM_READ_THREADS", "8");
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
                warmUp(db, server);
                for (int n : subscriberCounts) {
                    System.out.println("SSE commit -> client receipt, " + n + " subscriber(s) x " + events + " events: "
                            + sse(db, server, n, events).describe());
                }
            }
        }
    }

    private static Percentiles bareListenNotify(SseBenchApp db, int samples) throws Exception {
        Percentiles p = new Percentiles();
        try (Connection listen = DriverManager.getConnection(db.jdbcUrl, SseBenchApp.APP.user(), SseBenchApp.APP.password());
             Connection send = DriverManager.getConnection(db.jdbcUrl, SseBenchApp.APP.user(), SseBenchApp.APP.password())) {
            try (Statement st = listen.createStatement()) {
                st.execute("LISTEN bench");
            }
            Map<String, Long> sent = new ConcurrentHashMap<>();
            Map<String, Long> received = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(samples + WARM_UP_NOTIFIES);
            Thread listener = Thread.ofPlatform().daemon().start(() -> {
                try {
                    PGConnection pg = listen.unwrap(PGConnection.class);
                    while (all.getCount() > 0) {
                        PGNotification[] ns = pg.getNotifications(1000);
                        long now = System.nanoTime();
                        if (ns != null) {
                            for (PGNotification n : ns) {
                                received.put(n.getParameter(), now);
                                all.countDown();
                            }
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (PreparedStatement notify = send.prepareStatement("SELECT pg_notify('bench', ?)")) {
                for (int i = 0; i < samples + WARM_UP_NOTIFIES; i++) {
                    notify.setString(1, Integer.toString(i));
                    notify.execute(); // autocommit: delivered at this statement's commit
                    sent.put(Integer.toString(i), System.nanoTime());
                    Thread.sleep(5);
                }
            }
            if (!all.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("notifications missing");
            }
            listener.join(2000);
            for (int i = WARM_UP_NOTIFIES; i < samples + WARM_UP_NOTIFIES; i++) {
                Long t1 = received.get(Integer.toString(i));
                if (t1 != null) {
                    p.add(t1 - sent.get(Integer.toString(i)));
                }
            }
        }
        return p;
    }

    private static void warmUp(SseBenchApp db, EmbeddedServer server) throws Exception {
        sse(db, server, 20, 50);
    }

    private static Percentiles sse(SseBenchApp db, EmbeddedServer server, int subscribers, int events) throws Exception {
        Run run = db.queuedRun();
        long history = db.lastSeq(run.id()); // run.queued (and whatever else creation appends)
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        // receipts are recorded and matched with commit times afterwards: no client waits on the producer
        List<long[]> receipts = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch connected = new CountDownLatch(subscribers);
        CountDownLatch finished = new CountDownLatch(subscribers);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI uri = URI.create(server.getURL() + "/v2/runs/" + run.id() + "/events");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < subscribers; i++) {
                threads.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                            .header("X-Dev-User", "bench").header("X-Dev-Email", "bench@example.com")
                            .header("X-Tenant-Id", SseBenchApp.ACTOR.tenant().value()).build();
                    boolean counted = false;
                    try {
                        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                        if (response.statusCode() != 200) {
                            response.body().close();
                            throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                        try (Stream<String> lines = response.body()) {
                            var it = lines.iterator();
                            while (it.hasNext()) {
                                String line = it.next();
                                if (!line.startsWith("id: ")) {
                                    continue;
                                }
                                long now = System.nanoTime();
                                long seq = Long.parseLong(line.substring(4));
                                if (seq <= history) {
                                    if (seq == history && !counted) {
                                        counted = true;
                                        connected.countDown();
                                    }
                                } else {
                                    receipts.add(new long[] {seq, now});
                                }
                            }
                        }
                    } catch (Exception e) {
                        System.err.println("subscriber failed: " + e);
                    } finally {
                        if (!counted) {
                            connected.countDown();
                        }
                        finished.countDown();
                    }
                    return null;
                });
            }
            if (!connected.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (subscribers - connected.getCount()) + " of " + subscribers + " connected");
            }
            for (int i = 0; i < events; i++) {
                long t0 = db.appendProgress(run.id(), i % 101);
                committedAt.put(history + 1 + i, t0);
                Thread.sleep(PACE);
            }
            db.complete(run.id());
            if (!finished.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("streams did not end");
            }
        }
        Percentiles p = new Percentiles();
        synchronized (receipts) {
            for (long[] r : receipts) {
                Long t0 = committedAt.get(r[0]);
                if (t0 != null) { // the terminal event is not timed
                    p.add(r[1] - t0);
                }
            }
        }
        return p;
    }

    private SseLatency() {}
}
