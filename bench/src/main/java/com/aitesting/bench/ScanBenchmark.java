package com.aitesting.bench;

import com.aitesting.bench.workflow.Args;
import com.aitesting.bench.workflow.Machine;
import com.aitesting.bench.workflow.Table;
import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.execution.StepWork;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.RunId;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.executors.ExecutorSettings;
import com.aitesting.executors.PortList;
import com.aitesting.executors.RealStepExecutors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * TCP connect scan of 127.0.0.0/24 x the 1000-port list (256,000 probes) with a known set of listeners, by the
 * product's port-scan executor (through the network guard, the rate limit lifted for the benchmark only) and,
 * when installed, by {@code nmap -sT} on the same targets and ports. Reports probes/s, wall time and accuracy
 * (open ports found vs open ports that exist: the benchmark's listeners plus whatever else already listens on
 * those addresses, read from /proc/net/tcp before the scan). Installs nothing.
 *
 * <pre>./dev bench scan [--listeners 40] [--concurrency 512] [--timeout-ms 1000] [--rounds 3] [--nmap-timing 4] [--skip-nmap] [--markdown]</pre>
 */
public final class ScanBenchmark {
    private static final String USAGE = "usage: ./dev bench scan [--listeners N] [--concurrency N] [--timeout-ms N] "
            + "[--rounds N] [--nmap-timing 0-5] [--skip-nmap] [--markdown]";
    private static final String NETWORK = "127.0.0.0/24";

    private record Result(String tool, long probes, double seconds, Set<String> found) {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("listeners", "concurrency", "timeout-ms", "rounds", "nmap-timing"), Set.of("markdown", "skip-nmap"), USAGE);
        int listenerCount = args.integer("listeners", 40);
        int concurrency = args.integer("concurrency", 512);
        int timeoutMs = args.integer("timeout-ms", 1000);
        int rounds = args.integer("rounds", 3);
        int nmapTiming = args.integer("nmap-timing", 4);
        boolean markdown = args.flag("markdown");
        List<Integer> ports = PortList.tcp1000().ports();

        Set<String> existing = listening(ports);
        List<ServerSocket> listeners = new ArrayList<>();
        Set<String> opened = new LinkedHashSet<>();
        Random random = new Random(42);
        while (opened.size() < listenerCount) {
            String address = "127.0.0." + (2 + random.nextInt(250));
            int port = ports.get(random.nextInt(ports.size()));
            String key = address + ":" + port;
            if (existing.contains(key) || opened.contains(key)) {
                continue;
            }
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port), 1024);
                listeners.add(socket);
                opened.add(key);
                Thread.ofVirtual().start(() -> accept(socket));
            } catch (IOException e) {
                // taken by a wildcard listener of someone else: it is in "existing" next time we look
            }
        }
        existing = listening(ports);
        Set<String> expected = new LinkedHashSet<>(existing);
        expected.addAll(opened);

        List<Result> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            results.add(scanWithExecutor(concurrency, timeoutMs));
            if (!args.flag("skip-nmap")) {
                nmap(ports, nmapTiming).ifPresent(results::add);
            }
        }
        // Other engineers' tests listen on 127.0.0.x too: a listener that came or went during the rounds is
        // neither expected nor counted as extra, for both tools alike.
        Set<String> after = listening(ports);
        Set<String> unstable = new HashSet<>(existing);
        unstable.addAll(after);
        Set<String> stable = new HashSet<>(existing);
        stable.retainAll(after);
        unstable.removeAll(stable);
        unstable.removeAll(opened);
        expected.removeAll(unstable);
        listeners.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // end of the benchmark
            }
        });

        System.out.println("# TCP connect scan of " + NETWORK + " x " + ports.size() + " ports (" + 256L * ports.size() + " probes)");
        System.out.println(Machine.cpu() + ", " + Machine.memory() + ", " + Machine.jdk() + ", " + Machine.os()
                + ", load " + Machine.loadAverage());
        System.out.println("open ports: " + opened.size() + " benchmark listeners + " + (expected.size() - opened.size())
                + " already listening on those addresses; executor concurrency " + concurrency + ", connect timeout "
                + timeoutMs + " ms, rate limit lifted; nmap -sT -n -Pn -T" + nmapTiming
                + (unstable.isEmpty() ? "" : "; not judged (came or went during the rounds): " + unstable));
        Table table = new Table("tool", "round", "probes", "wall s", "probes/s", "found", "missed", "extra", "accuracy");
        Map<String, Integer> roundOf = new ConcurrentHashMap<>();
        for (Result r : results) {
            int round = roundOf.merge(r.tool(), 1, Integer::sum);
            Set<String> missed = new HashSet<>(expected);
            missed.removeAll(r.found());
            Set<String> extra = new HashSet<>(r.found());
            extra.removeAll(expected);
            extra.removeAll(unstable);
            double accuracy = 100.0 * (expected.size() - missed.size()) / Math.max(1, expected.size() + extra.size());
            table.row(r.tool(), String.valueOf(round), String.valueOf(r.probes()), String.format(Locale.ROOT, "%.2f", r.seconds()),
                    String.format(Locale.ROOT, "%.0f", r.probes() / r.seconds()), String.valueOf(r.found().size()),
                    String.valueOf(missed.size()), String.valueOf(extra.size()), String.format(Locale.ROOT, "%.1f%%", accuracy));
        }
        System.out.print(table.render(markdown));
        if (!args.flag("skip-nmap") && results.stream().noneMatch(r -> r.tool().startsWith("nmap"))) {
            System.out.println("nmap is not installed (apt-get install -y nmap): executor figures only");
        }
    }

    private static Result scanWithExecutor(int concurrency, int timeoutMs) {
        ExecutorSettings settings = new ExecutorSettings(true, 0, concurrency, Duration.ofMillis(timeoutMs), Duration.ofSeconds(3),
                Duration.ofHours(1), "127.0.0.1:53", 53, List.of(), Optional.empty());
        RealStepExecutors executors = new RealStepExecutors(settings, Clock.systemUTC());
        Scope scope = Scope.parse(new ScopeInput(List.of(), List.of(NETWORK), List.of(), "safe_active", List.of()));
        String test = "network.nmap.tcp_top_1000";
        PlanStep step = new PlanStep(0, test, executors.workStep(test).orElseThrow(), "scan", "network-scanner", 60);
        Set<String> found = ConcurrentHashMap.newKeySet();
        StepReporter reporter = new StepReporter() {
            @Override
            public void progress(long done, long total, String message) {}

            @Override
            public void finding(NewFinding finding) {
                found.add(finding.target().address() + ":" + finding.target().port());
            }

            @Override
            public void blocked(ScopeRefusal refusal) {
                System.err.println("refused: " + refusal);
            }
        };
        StepWork work = new StepWork(RunId.random(), step, List.of(), scope, 0, Map.of(), List.of(), Duration.ofHours(1), new StopSignal());
        long start = System.nanoTime();
        ChunkOutcome outcome = executors.execute(work, reporter);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!outcome.done()) {
            throw new IllegalStateException("the scan did not finish in one chunk");
        }
        return new Result("executor", outcome.counts().getOrDefault("connections", 0L), seconds, found);
    }

    private static Optional<Result> nmap(List<Integer> ports, int timing) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/nmap");
        if (!Files.isExecutable(binary)) {
            return Optional.empty();
        }
        String portArg = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
        Process process = new ProcessBuilder(binary.toString(), "-sT", "-n", "-Pn", "-T" + timing, "--open", "-p", portArg,
                "-oG", "-", NETWORK).redirectErrorStream(true).start();
        long start = System.nanoTime();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Set<String> found = new HashSet<>();
        Pattern host = Pattern.compile("Host: (\\S+) .*Ports: (.*)");
        for (String line : output.split("\n")) {
            Matcher m = host.matcher(line);
            if (m.find()) {
                for (String entry : m.group(2).split(",")) {
                    String[] f = entry.strip().split("/");
                    if (f.length > 1 && f[1].equals("open")) {
                        found.add(m.group(1) + ":" + f[0]);
                    }
                }
            }
        }
        return Optional.of(new Result("nmap -sT -T" + timing, 256L * ports.size(), seconds, found));
    }

    private static void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                socket.accept().close();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** address:port of every TCP listener on 127.0.0.0/24 (or a wildcard) whose port is in the list. */
    private static Set<String> listening(List<Integer> ports) throws IOException {
        Set<Integer> wanted = new HashSet<>(ports);
        Set<String> listening = new HashSet<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!f[3].equals("0A")) {
                    continue;
                }
                String[] local = f[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (!wanted.contains(port)) {
                    continue;
                }
                String hex = local[0];
                boolean wildcard = hex.chars().allMatch(c -> c == '0');
                String v4 = hex.length() == 8 ? hex : hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000") ? hex.substring(24) : null;
                if (wildcard) {
                    for (int i = 0; i < 256; i++) {
                        listening.add("127.0.0." + i + ":" + port);
                    }
                } else if (v4 != null) {
                    int value = Integer.reverseBytes((int) Long.parseLong(v4, 16));
                    String address = ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
                    if (address.startsWith("127.0.0.")) {
                        listening.add(address + ":" + port);
                    }
                }
            }
        }
        return listening;
    }
}
