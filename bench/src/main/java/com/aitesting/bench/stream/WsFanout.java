package com.aitesting.bench.stream;

import com.aitesting.bench.workflow.Machine;
import com.aitesting.bench.workflow.Table;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;

/** See {@link com.aitesting.bench.WsFanoutBenchmark}. */
public final class WsFanout {
    /** The benchmark's knobs. */
    public record Options(List<Integer> counts, int events, Duration pace, String heap, boolean sse, boolean markdown) {}

    /** Heap of the server after GC, with {@code n} idle subscribed connections and with none just before. */
    private record HeapAt(ServerProcess.Heap before, ServerProcess.Heap live) {
        double perConnectionKiB(int n) {
            return (live.usedK() - before.usedK()) / (double) n;
        }
    }

    /** CPU time while the events were appended and delivered: the server's, and this JVM's (the writer and the clients). */
    private record Cpu(long serverNanos, long clientNanos) {
        String perEvent(long nanos, long delivered) {
            return delivered == 0 ? "-" : String.format(Locale.ROOT, "%.0f us", nanos / 1e3 / delivered);
        }
    }

    private record Row(int n, String transport, FanoutRound.Result result, HeapAt heap, Cpu cpu, String load) {}

    private static final int WARM_UP_SUBSCRIBERS = 20;
    private static final int WARM_UP_EVENTS = 50;
    private static final int FD_RESERVE = 500; // a process's own files, the database's connections, the JDK

    private final Options options;
    private final SseBenchApp db;
    private final ServerProcess server;
    private final URI http;

    private WsFanout(Options options, SseBenchApp db, ServerProcess server) {
        this.options = options;
        this.db = db;
        this.server = server;
        this.http = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    public static void run(Options options) throws Exception {
        long fds = ServerProcess.openFileLimit();
        List<Integer> counts = options.counts().stream().filter(n -> n + FD_RESERVE <= fds).toList();
        if (counts.size() < options.counts().size()) {
            System.out.printf(Locale.ROOT, "The open-file limit (ulimit -n = %,d) is too low for %s subscribers: client and server each hold one"
                    + " file per connection plus ~%d. Raise it (ulimit -n %d) to measure them; measuring %s only.%n",
                    fds, options.counts().stream().filter(n -> !counts.contains(n)).toList(), FD_RESERVE,
                    options.counts().stream().mapToInt(Integer::intValue).max().orElse(0) + FD_RESERVE, counts);
        }
        String loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        Path work = Files.createTempDirectory("ws-fanout");
        boolean keepWork = false;
        List<Row> rows = new ArrayList<>();
        FanoutRound.Result notify;
        try (SseBenchApp db = new SseBenchApp()) {
            notify = resultOf(SseLatency.bareListenNotify(db, options.events() * 5), options.events() * 5);
            try (ServerProcess server = ServerProcess.start(db, work, options.heap(), "ws")) {
                WsFanout bench = new WsFanout(options, db, server);
                try {
                    bench.warmUp();
                    for (int n : counts) {
                        rows.add(bench.round(n, "WebSocket"));
                        if (options.sse()) {
                            rows.add(bench.round(n, "SSE"));
                        }
                    }
                } catch (Exception | Error e) {
                    keepWork = true;
                    if (!server.alive()) {
                        throw new IllegalStateException("the server exited (" + server.exitReason() + ")", e);
                    }
                    throw e;
                }
            }
        } finally {
            if (!keepWork) {
                ServerProcess.deleteTree(work);
            } else {
                System.out.println("server log kept in " + work);
            }
        }
        print(options, notify, rows, loadBefore, (System.nanoTime() - start) / 1e9);
    }

    private static FanoutRound.Result resultOf(Percentiles p, int samples) {
        return new FanoutRound.Result(p, p.summary().n(), samples, 0, 0, null);
    }

    private void warmUp() throws Exception {
        websocket(WARM_UP_SUBSCRIBERS, WARM_UP_EVENTS, FanoutRound.WhenLive.NOTHING);
        if (options.sse()) {
            SseLatency.sse(db, http, WARM_UP_SUBSCRIBERS, WARM_UP_EVENTS, options.pace());
        }
    }

    /** One count, one transport: the server's heap after GC with no connections, then with n live ones, then the events. */
    private Row round(int n, String transport) throws Exception {
        Thread.sleep(1000); // the previous round's sockets close on the server
        ServerProcess.Heap before = server.heapAfterGc();
        ServerProcess.Heap[] live = new ServerProcess.Heap[1];
        long[] cpuAtStart = new long[2];
        FanoutRound.WhenLive sample = () -> {
            live[0] = server.heapAfterGc();
            cpuAtStart[0] = server.cpuNanos();
            cpuAtStart[1] = ServerProcess.cpuNanos(ProcessHandle.current().pid());
        };
        FanoutRound.Result result = transport.equals("SSE")
                ? SseLatency.sse(db, http, n, options.events(), options.pace(), sample)
                : websocket(n, options.events(), sample);
        Cpu cpu = new Cpu(server.cpuNanos() - cpuAtStart[0], ServerProcess.cpuNanos(ProcessHandle.current().pid()) - cpuAtStart[1]);
        String load = Machine.loadAverage();
        Row row = new Row(n, transport, result, new HeapAt(before, live[0]), cpu, load);
        System.out.printf(Locale.ROOT, "%s, %,d subscriber(s): %s; delivered %,d of %,d, each once and in order: %s; server heap after GC %s"
                        + " (%.1f KiB per connection over %s with none); CPU per delivered event: server %s, clients %s; load %s%n",
                transport, n, result.latency().describe(), result.delivered(), result.expected(), result.check(),
                mib(live[0].usedK()), row.heap().perConnectionKiB(n), mib(before.usedK()),
                cpu.perEvent(cpu.serverNanos(), result.delivered()), cpu.perEvent(cpu.clientNanos(), result.delivered()), load);
        return row;
    }

    /**
     * {@code subscribers} WebSocket clients ({@link WebSocketSubscriber} on {@link LoopbackClients}) of one
     * new run, each sending {@code subscribe} with {@code after: 0}; at most {@link SseLatency#CONNECTING}
     * handshakes at once.
     */
    private FanoutRound.Result websocket(int subscribers, int events, FanoutRound.WhenLive whenLive) throws Exception {
        FanoutRound round = new FanoutRound(db, db.queuedRun().id(), subscribers, events);
        String subscribe = "{\"action\":\"subscribe\",\"run_id\":\"" + round.run() + "\",\"after\":0}";
        Semaphore connecting = new Semaphore(SseLatency.CONNECTING);
        try (LoopbackClients clients = new LoopbackClients(new InetSocketAddress("127.0.0.1", server.port()))) {
            for (int i = 0; i < subscribers; i++) {
                connecting.acquire();
                clients.open(i, new WebSocketSubscriber(round, i, server.port(), subscribe, connecting::release));
            }
            round.awaitLive(SseLatency.CONNECT_TIMEOUT);
            whenLive.run();
            round.produce(options.pace());
            return round.result(SseLatency.CONNECT_TIMEOUT);
        }
    }

    // ---- output ----

    private static void print(Options options, FanoutRound.Result notify, List<Row> rows, String loadBefore, double seconds) {
        boolean md = options.markdown();
        String bullet = md ? "- " : "  ";
        StringBuilder out = new StringBuilder();
        out.append(md ? "### " : "\n").append("WebSocket fan-out: commit -> client, one run, ").append(options.events())
                .append(" events every ").append(options.pace().toMillis()).append(" ms\n\n");
        out.append(bullet).append("machine: ").append(Machine.cpu()).append(", ").append(Machine.memory()).append(", ").append(Machine.os()).append('\n');
        out.append(bullet).append("benchmark JVM (writer + clients): ").append(Machine.jdk()).append("; server: child JVM -Xmx")
                .append(options.heap()).append(" -XX:+UseG1GC (the API app, /v2/ws and /v2/runs/{id}/events)\n");
        out.append(bullet).append("load average (1/5/15 min): ").append(loadBefore).append(" before, ").append(Machine.loadAverage())
                .append(" after; ").append(String.format(Locale.ROOT, "%.0f s in all", seconds)).append('\n');
        out.append(bullet).append("latency: System.nanoTime() in the benchmark JVM right after the writer's commit returned -> the same"
                + " clock when a client had the event's seq (the read that completed the WebSocket message / the SSE event, its blank line); all (subscriber, event) pairs\n\n");
        Table latency = new Table("subscribers", "transport", "delivered / expected", "each once, in order", "p50", "p99", "max", "p99 / NOTIFY p99",
                "CPU per delivery: server", "clients + writer");
        Percentiles.Summary base = notify.latency().summary();
        latency.row("-", "bare LISTEN/NOTIFY", notify.delivered() + " / " + notify.expected(), "-", base.ms(base.p50()), base.ms(base.p99()), base.ms(base.max()), "1.0x", "-", "-");
        for (Row r : rows) {
            Percentiles.Summary s = r.result().latency().summary();
            latency.row(String.format(Locale.ROOT, "%,d", r.n()), r.transport(),
                    String.format(Locale.ROOT, "%,d / %,d", r.result().delivered(), r.result().expected()), r.result().check(),
                    s.ms(s.p50()), s.ms(s.p99()), s.ms(s.max()), String.format(Locale.ROOT, "%.1fx", s.p99() / base.p99()),
                    r.cpu().perEvent(r.cpu().serverNanos(), r.result().delivered()), r.cpu().perEvent(r.cpu().clientNanos(), r.result().delivered()));
        }
        out.append(latency.render(md)).append('\n');
        Table heap = new Table("subscribers", "transport", "server heap after GC, none open", "with them open (live, idle)",
                "per connection", "server RSS", "server threads", "load (1/5/15) after");
        for (Row r : rows) {
            heap.row(String.format(Locale.ROOT, "%,d", r.n()), r.transport(), mib(r.heap().before().usedK()), mib(r.heap().live().usedK()),
                    String.format(Locale.ROOT, "%.1f KiB", r.heap().perConnectionKiB(r.n())), mib(r.heap().live().rssK()),
                    Integer.toString(r.heap().live().threads()), r.load());
        }
        out.append(heap.render(md)).append('\n');
        Map<String, String> goals = new LinkedHashMap<>();
        rows.stream().filter(r -> r.n() == 1000 && r.transport().equals("WebSocket")).findFirst().ifPresent(r -> {
            double ratio = r.result().latency().summary().p99() / base.p99();
            goals.put("p99 at 1,000 WebSocket subscribers within 2x of bare NOTIFY", String.format(Locale.ROOT, "%.1fx: %s", ratio, ratio <= 2 ? "met" : "missed"));
        });
        rows.stream().filter(r -> r.n() == 10_000 && r.transport().equals("WebSocket")).findFirst().ifPresent(r -> {
            double used = r.heap().live().usedK() / 1024.0;
            goals.put("10,000 WebSocket connections under 512 MiB of heap", String.format(Locale.ROOT,
                    "%.1f MiB after GC, %s committed, held at -Xmx%s: %s", used, mib(r.heap().live().committedK()), options.heap(),
                    used < 512 && r.result().exact() ? "met" : "missed"));
        });
        goals.forEach((goal, verdict) -> out.append(bullet).append("goal: ").append(goal).append(": ").append(verdict).append('\n'));
        System.out.print(out);
        System.out.flush();
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }
}
