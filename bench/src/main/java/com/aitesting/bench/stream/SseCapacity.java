package com.aitesting.bench.stream;

import com.aitesting.core.run.RunId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** See {@link com.aitesting.bench.SseCapacityBenchmark}. */
public final class SseCapacity {
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(30);

    /** The benchmark's knobs. */
    public record Options(List<String> heaps, int max, int step, int runs, Duration deadline, Duration budget) {}

    private record Sample(int connections, long heapUsedK, long heapCommittedK, long rssK, int threads, String delivery) {}

    private final Options options;
    private final SseBenchApp db;
    private final List<RunId> runs = new ArrayList<>();
    private long[] heads;
    private final Path work;

    private SseCapacity(Options options, SseBenchApp db, Path work) {
        this.options = options;
        this.db = db;
        this.work = work;
    }

    public static void run(Options options) throws Exception {
        printMachine();
        long fds = ServerProcess.openFileLimit();
        if (options.max() + 500 > fds) { // each process holds one fd per connection, plus its own files and the database's
            int capped = (int) ((fds - 500) / options.step() * options.step());
            System.out.printf(Locale.ROOT, "--max %,d is above what the open-file limit (%,d) allows; using %,d (raise `ulimit -n` for more)%n",
                    options.max(), fds, capped);
            options = new Options(options.heaps(), capped, options.step(), options.runs(), options.deadline(), options.budget());
        }
        Path work = Files.createTempDirectory("sse-capacity");
        long start = System.nanoTime();
        try (SseBenchApp db = new SseBenchApp()) {
            SseCapacity bench = new SseCapacity(options, db, work);
            for (int i = 0; i < options.runs(); i++) {
                bench.runs.add(db.queuedRun().id());
            }
            bench.heads = bench.runs.stream().mapToLong(db::lastSeq).toArray();
            for (String heap : options.heaps()) {
                bench.keepAliveRamp(heap);
                bench.streamRamp(heap);
            }
        } finally {
            ServerProcess.deleteTree(work); // the server processes' logs and settings
        }
        System.out.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    // ---- ramps ----

    private void keepAliveRamp(String heap) throws Exception {
        ServerProcess server = ServerProcess.start(db, work, heap, "keepalive");
        try (IdleConnections client = new IdleConnections()) {
            Sample base = sample(server, 0, "-");
            System.out.printf(Locale.ROOT, "%n-Xmx%s, baseline: server with no connections: heap after GC %s, RSS %s, %d threads%n",
                    heap, mib(base.heapUsedK()), mib(base.rssK()), base.threads());
            System.out.printf(Locale.ROOT, "-Xmx%s, idle HTTP/1.1 keep-alive connections (one GET /v1/tests/{id} each, then idle):%n", heap);
            header();
            long deadline = System.nanoTime() + options.budget().toNanos() / 3;
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            String stop = "reached the maximum";
            int good = 0;
            for (int n = options.step(); n <= options.max(); n += options.step()) {
                List<IdleConnections.Conn> opened = client.open(address, request("/v1/tests/" + runs.getFirst()),
                        options.step(), i -> 0);
                String failure = await(server, opened, c -> c.status != 0, LIVE_TIMEOUT);
                if (failure == null) {
                    failure = failures(server, client.connections());
                }
                if (failure != null) {
                    stop = failure;
                    break;
                }
                Sample s = sample(server, n, "-");
                row(s, base);
                good = n;
                if (System.nanoTime() > deadline) {
                    stop = "time budget";
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "-Xmx%s keep-alive: last good %,d connections; stopped: %s%n", heap, good, stop);
        } finally {
            server.close();
        }
    }

    private void streamRamp(String heap) throws Exception {
        ServerProcess server = ServerProcess.start(db, work, heap, "sse");
        try (IdleConnections client = new IdleConnections()) {
            Sample base = sample(server, 0, "-");
            System.out.printf(Locale.ROOT, "%n-Xmx%s, idle SSE streams over %d runs; after each ramp one new event per run must reach every stream within %d ms:%n",
                    heap, runs.size(), options.deadline().toMillis());
            header();
            row(base, base);
            long deadline = System.nanoTime() + options.budget().toNanos() * 2 / 3;
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            List<byte[]> requests = runs.stream().map(r -> request("/v2/runs/" + r + "/events")).toList();
            String stop = "reached the maximum";
            int good = 0;
            for (int n = options.step(); n <= options.max(); n += options.step()) {
                List<IdleConnections.Conn> opened = new ArrayList<>(options.step());
                int first = n - options.step();
                for (int i = 0; i < options.step(); i++) {
                    int run = (first + i) % runs.size();
                    opened.addAll(client.open(address, requests.get(run), 1, x -> run));
                }
                // live: the replay reached the run's head
                String failure = await(server, opened, c -> c.status == 200 && c.lastSeq >= heads[c.group], LIVE_TIMEOUT);
                if (failure == null) {
                    failure = failures(server, client.connections());
                }
                if (failure != null) {
                    stop = failure;
                    break;
                }
                // one new event per run, committed now; every open stream must receive its run's
                long[] committedAt = new long[runs.size()];
                for (int r = 0; r < runs.size(); r++) {
                    committedAt[r] = db.appendProgress(runs.get(r), n % 101);
                    heads[r]++;
                }
                List<IdleConnections.Conn> everyone = client.connections();
                String missed = await(server, everyone, c -> c.lastSeq >= heads[c.group], options.deadline());
                if (missed != null) {
                    stop = "deadline missed: " + missed;
                    break;
                }
                long[] latencies = everyone.stream().mapToLong(c -> c.lastSeqAt - committedAt[c.group]).sorted().toArray();
                String delivery = String.format(Locale.ROOT, "%.0f / %.0f", latencies[latencies.length / 2] / 1e6,
                        latencies[latencies.length - 1] / 1e6);
                row(sample(server, n, delivery), base);
                good = n;
                if (System.nanoTime() > deadline) {
                    stop = "time budget";
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "-Xmx%s SSE: last good %,d streams; stopped: %s%n", heap, good, stop);
        } finally {
            server.close();
        }
    }

    // ---- helpers ----

    private static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream, application/json\r\n"
                + "X-Dev-User: bench\r\nX-Dev-Email: bench@example.com\r\nX-Tenant-Id: " + SseBenchApp.ACTOR.tenant().value()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until every connection satisfies {@code ok}; a description of what went wrong otherwise. */
    private static String await(ServerProcess server, List<IdleConnections.Conn> conns,
                                java.util.function.Predicate<IdleConnections.Conn> ok, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            int pending = 0;
            for (IdleConnections.Conn c : conns) {
                if (c.failed()) {
                    return blame(server, describe(c));
                }
                if (!ok.test(c)) {
                    pending++;
                }
            }
            if (pending == 0) {
                return null;
            }
            if (!server.alive()) {
                return "server exited (" + server.exitReason() + ")";
            }
            if (System.nanoTime() > end) {
                return pending + " of " + conns.size() + " connections not there after " + timeout.toMillis() + " ms";
            }
            Thread.sleep(5);
        }
    }

    private static String failures(ServerProcess server, List<IdleConnections.Conn> conns) throws InterruptedException {
        String failure = conns.stream().filter(IdleConnections.Conn::failed).findFirst().map(SseCapacity::describe).orElse(null);
        return failure == null ? null : blame(server, failure);
    }

    /** A connection failed: was it because the server died (its OutOfMemoryError closes every socket)? */
    private static String blame(ServerProcess server, String failure) throws InterruptedException {
        server.process().waitFor(1, TimeUnit.SECONDS);
        return server.alive() ? failure : "server exited (" + server.exitReason() + "); first client error: " + failure;
    }

    private static String describe(IdleConnections.Conn c) {
        if (c.status < 0) {
            return "connection failed: " + c.failure;
        }
        if (c.status != 200 && c.status != 0) {
            return "HTTP " + c.status;
        }
        return "connection closed by the server" + (c.failure != null ? " (" + c.failure + ")" : "");
    }

    /** A sample of the server's heap after GC with {@code connections} open. */
    private static Sample sample(ServerProcess server, int connections, String delivery) throws Exception {
        ServerProcess.Heap h = server.heapAfterGc();
        return new Sample(connections, h.usedK(), h.committedK(), h.rssK(), h.threads(), delivery);
    }

    private static void header() {
        System.out.println("| connections | heap after GC | per connection over baseline | committed heap | RSS | threads | delivery p50 / max (ms) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    }

    private static void row(Sample s, Sample base) {
        String per = s.connections() == 0 ? "-"
                : String.format(Locale.ROOT, "%.1f KiB", (s.heapUsedK() - base.heapUsedK()) / (double) s.connections());
        System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %d | %s |%n", s.connections(), mib(s.heapUsedK()), per,
                mib(s.heapCommittedK()), mib(s.rssK()), s.threads(), s.delivery());
        System.out.flush();
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static void printMachine() throws Exception {
        System.out.println("machine: nproc " + Runtime.getRuntime().availableProcessors() + ", JDK " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + "), child servers: -XX:+UseG1GC");
        Process free = new ProcessBuilder("free", "-h").redirectErrorStream(true).start();
        System.out.print(new String(free.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .forEach(l -> System.out.println("limits: " + l.replaceAll("\\s+", " ").trim()
                        + " (client and server are separate processes; each holds one fd per connection)"));
        // procfs reports size 0, so read it line by line rather than with readString
        System.out.println("ephemeral ports: " + Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().replace('\t', '-'));
    }

    public static final String USAGE = "usage: ./dev bench sseCapacity [--heaps 64m,128m,256m,512m] [--max 15000] [--step 500] [--runs 100] [--deadline-ms 5000]";

    public static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
