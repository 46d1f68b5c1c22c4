package com.aitesting.bench;

import com.aitesting.bench.workflow.Args;
import com.aitesting.bench.workflow.BareLoop;
import com.aitesting.bench.workflow.BenchDatabase;
import com.aitesting.bench.workflow.BenchFixtures;
import com.aitesting.bench.workflow.CpuMeter;
import com.aitesting.bench.workflow.EngineUnderTest;
import com.aitesting.bench.workflow.Machine;
import com.aitesting.bench.workflow.Stats;
import com.aitesting.bench.workflow.Table;
import com.aitesting.bench.workflow.Timed;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunStatus;
import com.aitesting.sfnlocal.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Engine state transitions per second: N complete runs of the REAL statemachines/run.asl.json on the embedded
 * engine with the REAL handlers (simulation step time 0), started through SfnWorkflowEngine over the engine's
 * HTTP endpoint, beside a bare loop calling the same handlers in the same order. The ratio is the engine's cost.
 *
 * <p>A "state transition" is a state entered, as Step Functions counts them (and bills standard workflows):
 * every {@code *StateEntered} event of the execution history, the Map iterations' inner states included.
 *
 * <p>Modes: {@code bare} (the handler loop on platform threads), {@code bare-vthreads} (the same loop on virtual
 * threads, as the engine runs its tasks: separates the cost of virtual-thread I/O from the engine's own),
 * {@code engine-memory} (executions kept in memory, as RunStateMachineIT) and {@code engine-postgres} (every
 * transition persisted in the sfn_local schema, as the restartable local runtime needs). Each round runs every
 * mode on fresh runs, interleaved and rotated, so a change of machine load hits all modes alike; warm-up rounds
 * are run the same way and discarded.
 *
 * <pre>./dev bench engine [--runs 16] [--rounds 5] [--warmup 3] [--concurrency 1,8] [--stores memory,postgres]
 *                     [--durable] [--markdown]</pre>
 */
public final class EngineBenchmark {
    private static final String USAGE = "usage: ./dev bench engine [--runs N] [--rounds N] [--warmup N] [--concurrency 1,8] "
            + "[--stores memory,postgres] [--tenants N] [--durable] [--no-virtual-bare] [--markdown]";
    private static final String EXECUTION_PREFIX = "arn:aws:states:us-east-1:000000000000:execution:ai-testing-run:";

    /** One mode at one concurrency: its per-round figures. */
    private static final class Series {
        final Stats runsPerSecond = new Stats();
        final Stats transitionsPerSecond = new Stats();
        final Stats latencyMillis = new Stats();
        final Stats ratio = new Stats();
        final Stats handlerMillisPerRun = new Stats();
        final Stats adapterMillisPerRun = new Stats();
        final Stats startMillisPerRun = new Stats();
        final Stats appCpuMillisPerRun = new Stats();
        final Stats jitGcCpuMillisPerRun = new Stats();
        final Stats postgresCpuMillisPerRun = new Stats();
        double transitionsPerRun;
        double historyEventsPerRun;
        double tasksPerRun;
        double runEventsPerRun;
        int handlerCallsPerRun;
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = new Args(argv, Set.of("runs", "rounds", "warmup", "concurrency", "stores", "tenants"),
                    Set.of("durable", "markdown", "no-virtual-bare"), USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int runs = args.integer("runs", 16);
        int rounds = Math.max(1, args.integer("rounds", 5));
        int warmup = args.integer("warmup", 3);
        List<Integer> concurrencies = args.integers("concurrency", List.of(1, 8));
        List<String> stores = args.strings("stores", List.of("memory", "postgres"));
        int tenants = Math.max(1, args.integer("tenants", 4));
        boolean markdown = args.flag("markdown");
        int maxConcurrency = concurrencies.stream().mapToInt(Integer::intValue).max().orElse(1);
        for (String s : stores) {
            if (!s.equals("memory") && !s.equals("postgres")) {
                throw new IllegalArgumentException("--stores takes memory and/or postgres, not " + s);
            }
        }

        String loadBefore = Machine.loadAverage();
        long benchStart = System.nanoTime();
        System.err.println("engine benchmark: starting embedded PostgreSQL ...");
        try (BenchDatabase db = BenchDatabase.start(args.flag("durable"), 2 * maxConcurrency + 4)) {
            BenchFixtures fixtures = new BenchFixtures(db.app(), tenants);
            CpuMeter cpu = db.cpuMeter();
            String definition = EngineUnderTest.definition();
            BareLoop bare = new BareLoop(db.app(), EXECUTION_PREFIX);
            Map<String, EngineUnderTest> engines = new LinkedHashMap<>();
            try {
                for (String store : stores) {
                    engines.put(store, new EngineUnderTest(db.app(), store.equals("memory") ? null : db.owner(), definition));
                }
                List<String> modes = new ArrayList<>();
                modes.add("bare");
                if (!args.flag("no-virtual-bare")) {
                    modes.add("bare-vthreads");
                }
                engines.keySet().forEach(s -> modes.add("engine-" + s));
                Map<String, Series> series = new TreeMap<>();
                for (int round = -warmup; round < rounds; round++) {
                    boolean measured = round >= 0;
                    System.err.printf(Locale.ROOT, "engine benchmark: %s round %d/%d (load %s)%n",
                            measured ? "measured" : "warm-up", measured ? round + 1 : round + warmup + 1,
                            measured ? rounds : warmup, Machine.loadAverage());
                    for (int c : concurrencies) {
                        Map<String, Double> runsPerSecond = new LinkedHashMap<>();
                        // Rotate which mode goes first, so none always runs right after another's burst.
                        int first = Math.floorMod(round, modes.size());
                        for (int m = 0; m < modes.size(); m++) {
                            String mode = modes.get((first + m) % modes.size());
                            List<Run> batch = fixtures.queuedRuns(runs);
                            Series s = series.computeIfAbsent(key(mode, c), k -> new Series());
                            Timed.Result result;
                            EngineUnderTest engineOfMode = mode.startsWith("bare") ? null : engines.get(mode.substring("engine-".length()));
                            if (engineOfMode != null) {
                                engineOfMode.takeHandlerAndAdapterNanos();
                            }
                            CpuMeter.Sample cpuBefore = cpu.sample();
                            if (mode.startsWith("bare")) {
                                int[] calls = new int[1];
                                result = Timed.run(batch, c, mode.equals("bare-vthreads"), run -> calls[0] = bare.runToEnd(run));
                                s.handlerCallsPerRun = calls[0];
                            } else {
                                EngineUnderTest engine = engines.get(mode.substring("engine-".length()));
                                result = Timed.run(batch, c, run -> {
                                    String status = engine.runToEnd(run);
                                    if (!status.equals("SUCCEEDED")) {
                                        throw new IllegalStateException("execution of run " + run.id() + " ended " + status);
                                    }
                                });
                            }
                            CpuMeter.Sample used = cpu.sample().minus(cpuBefore);
                            long[] inHandlers = engineOfMode == null ? new long[] {result.summedItemNanos(), 0, 0}
                                    : engineOfMode.takeHandlerAndAdapterNanos();
                            // Outside the timed region: check every run completed, count its events and transitions.
                            long transitions = 0;
                            long historyEvents = 0;
                            long runEvents = 0;
                            long tasks = 0;
                            for (Run queued : batch) {
                                Run done = fixtures.find(queued);
                                if (done.status() != RunStatus.COMPLETED) {
                                    throw new IllegalStateException("run " + done.id() + " ended " + done.status() + " in mode " + mode);
                                }
                                runEvents += fixtures.events(done.tenant(), done.id()).size();
                                if (engineOfMode != null) {
                                    List<HistoryEvent> history = engines.get(mode.substring("engine-".length())).history(done);
                                    historyEvents += history.size();
                                    transitions += history.stream().filter(e -> e.type().endsWith("StateEntered")).count();
                                    tasks += history.stream().filter(e -> e.type().equals("TaskScheduled")).count();
                                }
                            }
                            if (!measured) {
                                continue;
                            }
                            double rps = result.perSecond(runs);
                            runsPerSecond.put(mode, rps);
                            s.runsPerSecond.add(rps);
                            s.latencyMillis.add(result.meanItemMillis());
                            s.handlerMillisPerRun.add(inHandlers[0] / 1e6 / runs);
                            s.adapterMillisPerRun.add(inHandlers[1] / 1e6 / runs);
                            s.appCpuMillisPerRun.add(used.appNanos() / 1e6 / runs);
                            s.jitGcCpuMillisPerRun.add(used.jitGcNanos() / 1e6 / runs);
                            s.postgresCpuMillisPerRun.add(used.postgresNanos() / 1e6 / runs);
                            s.runEventsPerRun = (double) runEvents / runs;
                            if (engineOfMode != null) {
                                s.startMillisPerRun.add(inHandlers[2] / 1e6 / runs);
                                s.transitionsPerSecond.add(result.perSecond(transitions));
                                s.transitionsPerRun = (double) transitions / runs;
                                s.historyEventsPerRun = (double) historyEvents / runs;
                                s.tasksPerRun = (double) tasks / runs;
                            }
                        }
                        if (round >= 0) {
                            for (String mode : modes.subList(1, modes.size())) {
                                series.get(key(mode, c)).ratio.add(runsPerSecond.get(mode) / runsPerSecond.get("bare"));
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - benchStart) / 1e9;
                print(markdown, cpu.measuresPostgres(), db, runs, rounds, warmup, concurrencies, tenants, loadBefore, seconds, modes, series);
            } finally {
                engines.values().forEach(EngineUnderTest::close);
            }
        }
        System.exit(0);
    }

    private static String key(String mode, int concurrency) {
        return String.format(Locale.ROOT, "%03d %s", concurrency, mode);
    }

    private static void print(boolean markdown, boolean cpuMeasured, BenchDatabase db, int runs, int rounds, int warmup, List<Integer> concurrencies,
                              int tenants, String loadBefore, double seconds, List<String> modes, Map<String, Series> series) {
        StringBuilder out = new StringBuilder();
        String h = markdown ? "### " : "";
        out.append(h).append("Engine benchmark: statemachines/run.asl.json on LocalStepFunctions vs a bare handler loop\n\n");
        List<String> facts = List.of(
                "machine: " + Machine.cpu() + ", " + Machine.memory() + ", " + Machine.os(),
                "JDK: " + Machine.jdk(),
                "database: " + db.version() + ", " + db.settings(),
                "load average (1/5/15 min): " + loadBefore + " before, " + Machine.loadAverage() + " after",
                String.format(Locale.ROOT, "parameters: %d runs per mode per round, %d measured rounds after %d warm-up, "
                        + "concurrency %s, %d tenants, 6-step plan (ping sweep + TCP top 1000), step time 0; took %.0f s",
                        runs, rounds, warmup, concurrencies, tenants, seconds));
        facts.forEach(f -> out.append(markdown ? "- " : "  ").append(f).append('\n'));
        out.append('\n');

        Table table = new Table("mode", "conc.", "runs/s", "state transitions/s", "run latency ms",
                "app CPU ms/run", "JIT+GC CPU ms/run", "PostgreSQL CPU ms/run", "throughput vs bare");
        for (int c : concurrencies) {
            for (String mode : modes) {
                Series s = series.get(key(mode, c));
                table.row(mode, String.valueOf(c), s.runsPerSecond.describe(),
                        s.transitionsPerSecond.isEmpty() ? "-" : s.transitionsPerSecond.describe(),
                        Stats.num(s.latencyMillis.median()), s.appCpuMillisPerRun.describe(), s.jitGcCpuMillisPerRun.describe(),
                        cpuMeasured ? s.postgresCpuMillisPerRun.describe() : "-",
                        mode.equals("bare") ? "1" : s.ratio.describe());
            }
        }
        out.append(table.render(markdown)).append('\n');

        out.append(markdown ? "" : "  ").append("Where a run's time goes (wall time per run, medians; the StartExecution call "
                + "is part of the engine's own time and overlaps the first task, which the engine starts before it answers):\n\n");
        Table parts = new Table("mode", "conc.", "run latency ms", "in the handlers ms", "Map/JsonNode adapter ms",
                "engine's own ms (the rest)", "StartExecution call ms");
        for (int c : concurrencies) {
            for (String mode : modes) {
                Series s = series.get(key(mode, c));
                boolean engine = !s.startMillisPerRun.isEmpty();
                double rest = s.latencyMillis.median() - s.handlerMillisPerRun.median() - s.adapterMillisPerRun.median();
                parts.row(mode, String.valueOf(c), Stats.num(s.latencyMillis.median()), Stats.num(s.handlerMillisPerRun.median()),
                        engine ? Stats.num(s.adapterMillisPerRun.median()) : "-",
                        engine ? Stats.num(rest) : "-",
                        engine ? Stats.num(s.startMillisPerRun.median()) : "-");
            }
        }
        out.append(parts.render(markdown)).append('\n');

        Series anyBare = series.get(key("bare", concurrencies.getFirst()));
        Series anyEngine = modes.stream().filter(m -> m.startsWith("engine")).findFirst()
                .map(m -> series.get(key(m, concurrencies.getFirst()))).orElse(null);
        out.append(markdown ? "- " : "  ").append(String.format(Locale.ROOT,
                "per run: %d handler calls, %.1f run_events", anyBare.handlerCallsPerRun, anyBare.runEventsPerRun));
        if (anyEngine != null) {
            out.append(String.format(Locale.ROOT, "; engine: %.0f state transitions (states entered, Map iterations' inner "
                    + "states included), %.0f task invocations, %.0f history events", anyEngine.transitionsPerRun,
                    anyEngine.tasksPerRun, anyEngine.historyEventsPerRun));
        }
        out.append("\n");
        for (int c : concurrencies) {
            double bare = series.get(key("bare", c)).runsPerSecond.median();
            for (String mode : modes.stream().filter(m -> m.startsWith("engine")).toList()) {
                Series s = series.get(key(mode, c));
                Series b = series.get(key("bare", c));
                double addedMicros = (1 / s.runsPerSecond.median() - 1 / bare) * 1e6 / s.transitionsPerRun;
                double jvmMicros = (s.appCpuMillisPerRun.median() - b.appCpuMillisPerRun.median()) * 1e3 / s.transitionsPerRun;
                double pgMicros = (s.postgresCpuMillisPerRun.median() - b.postgresCpuMillisPerRun.median()) * 1e3 / s.transitionsPerRun;
                out.append(markdown ? "- " : "  ").append(String.format(Locale.ROOT,
                        "%s at concurrency %d adds per state transition: %s µs wall time (throughput basis), %s µs app CPU, "
                                + "%s µs PostgreSQL CPU; CPU per run (app + PostgreSQL) engine/bare: %s%n", mode, c,
                        Stats.num(addedMicros), Stats.num(jvmMicros), cpuMeasured ? Stats.num(pgMicros) : "-",
                        Stats.num((s.appCpuMillisPerRun.median() + s.postgresCpuMillisPerRun.median())
                                / (b.appCpuMillisPerRun.median() + b.postgresCpuMillisPerRun.median()))));
            }
        }
        out.append(markdown ? "- " : "  ").append("figures: median of the measured rounds (min..max); throughput vs bare is "
                + "taken per round (runs/s of the mode over runs/s of the bare loop in the same round); run latency is the "
                + "mean time from StartExecution (or the first handler call) to the run's end; CPU is per run over the timed "
                + "span: app = this JVM without its JIT compiler and GC threads, PostgreSQL = the server's processes\n");
        System.out.print(out);
        System.out.flush();
    }
}
