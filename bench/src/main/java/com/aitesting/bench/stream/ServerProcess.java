package com.aitesting.bench.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API app under test in a CHILD JVM ({@link CapacityServer}), so that its heap limit and its heap after
 * GC are the server's alone, never the clients' of the benchmark process: {@code -Xmx<heap> -XX:+UseG1GC
 * -XX:+ExitOnOutOfMemoryError}, against the benchmark's database. Closing it closes the child's stdin (it
 * exits on EOF) and kills it if it has not gone 10 s later; it also dies with the benchmark's JVM.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total(?: reserved)? \\d+K, committed (\\d+)K, used (\\d+)K");

    /** The server's live heap after a full GC, its committed heap, RSS (all KiB) and thread count. */
    record Heap(long usedK, long committedK, long rssK, int threads) {}

    private final Process process;
    private final int port;
    private final Path log;
    private final Path work;
    private final OutputStream stdin;

    private ServerProcess(Process process, int port, Path log, Path work) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.work = work;
        this.stdin = process.getOutputStream();
    }

    /** Starts the server with {@code -Xmx<heap>}; its log goes to {@code work/server-<name>-<heap>.log}. */
    static ServerProcess start(SseBenchApp db, Path work, String heap, String name) throws Exception {
        Path log = work.resolve("server-" + name + "-" + heap + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED"));
        // e.g. BENCH_SERVER_OPTS=-XX:StartFlightRecording=filename=/tmp/server.jfr to profile the server
        String extra = System.getenv().getOrDefault("BENCH_SERVER_OPTS", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                CapacityServer.class.getName(), db.jdbcUrl, SseBenchApp.APP.user(), SseBenchApp.APP.password()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // never outlive the benchmark
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server exited at start; see " + log);
            }
            Matcher m = Pattern.compile("(?m)^READY (\\d+)$").matcher(Files.readString(log));
            if (m.find()) {
                Thread.sleep(1000); // let the start settle (lazy beans, JIT) before the baseline
                return new ServerProcess(p, Integer.parseInt(m.group(1)), log, work);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server did not start in 60 s; see " + log);
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Why it went away, as far as its log tells. */
    String exitReason() {
        try {
            return Files.readString(log).contains("OutOfMemoryError") ? "OutOfMemoryError" : "see " + log;
        } catch (IOException e) {
            return "see " + log;
        }
    }

    /** The heap after a full GC (jcmd GC.run, then GC.heap_info), RSS and threads from /proc/pid/status. */
    Heap heapAfterGc() throws Exception {
        long pid = process.pid();
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
        return new Heap(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), rss, threads);
    }

    /** CPU time the server has used so far (utime + stime from /proc/pid/stat), in nanoseconds. */
    long cpuNanos() throws IOException {
        return cpuNanos(process.pid());
    }

    /** CPU time of a process of this machine (utime + stime, clock ticks of 10 ms), in nanoseconds. */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    @Override
    public void close() throws Exception {
        try {
            stdin.close(); // it exits on EOF
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The soft limit on open files of this process (the child servers inherit it). */
    static long openFileLimit() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v)).findFirst().orElse(Long.MAX_VALUE);
    }

    /** Deletes a benchmark's temporary folder (server logs, jcmd commands). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
