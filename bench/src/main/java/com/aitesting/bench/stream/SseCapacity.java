package com.aitesting.bench.stream;

import com.aitesting.core.run.RunId;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** See {@link com.aitesting.bench.SseCapacityBenchmark}. */
public final class SseCapacity {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total(?: reserved)? \\d+K, committed (\\d+)K, used (\\d+)K");
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(30);

    /** The benchmark's knobs. */
    public record Options(List<String> heaps, int max, int step, int runs, Duration deadline, Duration budget) {}

    private record Sample(int connections, long heapUsedK, long heapCommittedK, long rssK, int threads, String delivery) {}

    private record Server(Process process, int port, Path log, OutputStream stdin) {}

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
        long fds = openFileLimit();
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
        }
        System.out.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    // ---- ramps ----

    private void keepAliveRamp(String heap) throws Exception {
        Server server = startServer(heap, "keepalive");
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
            stopServer(server);
        }
    }

    private void streamRamp(String heap) throws Exception {
        Server server = startServer(heap, "sse");
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
            stopServer(server);
        }
    }

    // ---- helpers ----

    private static byte[] request(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream, application/json\r\n"
                + "X-Dev-User: bench\r\nX-Dev-Email: bench@example.com\r\nX-Tenant-Id: " + SseBenchApp.ACTOR.tenant().value()
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until every connection satisfies {@code ok}; a description of what went wrong otherwise. */
    private static String await(Server server, List<IdleConnections.Conn> conns,
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
            if (!server.process().isAlive()) {
                return "server exited (" + outOfMemory(server) + ")";
            }
            if (System.nanoTime() > end) {
                return pending + " of " + conns.size() + " connections not there after " + timeout.toMillis() + " ms";
            }
            Thread.sleep(5);
        }
    }

    private static String failures(Server server, List<IdleConnections.Conn> conns) throws InterruptedException {
        String failure = conns.stream().filter(IdleConnections.Conn::failed).findFirst().map(SseCapacity::describe).orElse(null);
        return failure == null ? null : blame(server, failure);
    }

    /** A connection failed: was it because the server died (its OutOfMemoryError closes every socket)? */
    private static String blame(Server server, String failure) throws InterruptedException {
        server.process().waitFor(1, TimeUnit.SECONDS);
        return server.process().isAlive() ? failure : "server exited (" + outOfMemory(server) + "); first client error: " + failure;
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

    private static String outOfMemory(Server server) {
        try {
            return Files.readString(server.log()).contains("OutOfMemoryError") ? "OutOfMemoryError" : "see " + server.log();
        } catch (IOException e) {
            return "see " + server.log();
        }
    }

    private Server startServer(String heap, String name) throws Exception {
        Path log = work.resolve("server-" + name + "-" + heap + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CapacityServer.class.getName(), db.jdbcUrl, SseBenchApp.APP.user(), SseBenchApp.APP.password())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log);
            }
            Matcher m = Pattern.compile("(?m)^READY (\\d+)$").matcher(Files.readString(log));
            if (m.find()) {
                Thread.sleep(1000); // let the start settle (lazy beans, JIT) before the baseline
                return new Server(p, Integer.parseInt(m.group(1)), log, p.getOutputStream());
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start in 60 s; see " + log);
    }

    private static void stopServer(Server server) throws Exception {
        try {
            server.stdin().close(); // it exits on EOF
        } catch (IOException ignored) {
            // already gone
        }
        if (!server.process().waitFor(10, TimeUnit.SECONDS)) {
            server.process().destroyForcibly().waitFor();
        }
    }

    /** The server's heap after a full GC (jcmd GC.run, then GC.heap_info), RSS and thread count. */
    private Sample sample(Server server, int connections, String delivery) throws Exception {
        long pid = server.process().pid();
        Path commands = work.resolve("jcmd.txt");
        Files.writeString(commands, "GC.run\nGC.heap_info\n");
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), "-f", commands.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = HEAP_USED.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the heap from jcmd output:\n" + out);
        }
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new Sample(connections, Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), rss, threads, delivery);
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

    /** The soft limit on open files of this process (the child servers inherit it). */
    private static long openFileLimit() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v)).findFirst().orElse(Long.MAX_VALUE);
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
