package com.aitesting.bench.stream;

import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** See {@link com.aitesting.bench.SseLatencyBenchmark}. */
public final class SseLatency {
    private static final Duration PACE = Duration.ofMillis(25);
    private static final int WARM_UP_NOTIFIES = 50;
    static final int CONNECTING = 256;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(180);

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
            try (EmbeddedServer server = SseBenchApp.startServer(props)) {
                warmUp(db, server);
                for (int n : subscriberCounts) {
                    FanoutRound.Result r = sse(db, URI.create(server.getURL().toString()), n, events, PACE);
                    System.out.println("SSE commit -> client receipt, " + n + " subscriber(s) x " + events + " events: "
                            + r.latency().describe() + "; every event once and in order: " + r.check());
                }
            }
        }
    }

    /** The floor of any NOTIFY-driven design: commit of {@code SELECT pg_notify(...)} -> the listener's receipt. */
    static Percentiles bareListenNotify(SseBenchApp db, int samples) throws Exception {
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
        sse(db, URI.create(server.getURL().toString()), 20, 50, PACE);
    }

    /**
     * {@code subscribers} SSE clients ({@link SseSubscriber} on {@link LoopbackClients}) of one new run at
     * {@code base}; see {@link FanoutRound} for what is timed and checked. At most {@link #CONNECTING}
     * connect at once (thousands at once would overflow the server's accept backlog, not measure it).
     */
    static FanoutRound.Result sse(SseBenchApp db, URI base, int subscribers, int events, Duration pace) throws Exception {
        return sse(db, base, subscribers, events, pace, FanoutRound.WhenLive.NOTHING);
    }

    static FanoutRound.Result sse(SseBenchApp db, URI base, int subscribers, int events, Duration pace,
                                  FanoutRound.WhenLive whenLive) throws Exception {
        FanoutRound round = new FanoutRound(db, db.queuedRun().id(), subscribers, events);
        String path = "/v2/runs/" + round.run() + "/events";
        Semaphore connecting = new Semaphore(CONNECTING);
        try (LoopbackClients clients = new LoopbackClients(new InetSocketAddress(base.getHost(), base.getPort()))) {
            for (int i = 0; i < subscribers; i++) {
                connecting.acquire();
                clients.open(i, new SseSubscriber(round, i, base.getPort(), path, connecting::release));
            }
            round.awaitLive(CONNECT_TIMEOUT);
            whenLive.run();
            round.produce(pace);
            return round.result(CONNECT_TIMEOUT);
        }
    }

    private SseLatency() {}
}
