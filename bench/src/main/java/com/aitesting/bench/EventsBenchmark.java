package com.aitesting.bench;

import com.aitesting.bench.workflow.Args;
import com.aitesting.bench.workflow.BenchDatabase;
import com.aitesting.bench.workflow.BenchFixtures;
import com.aitesting.bench.workflow.CpuMeter;
import com.aitesting.bench.workflow.Machine;
import com.aitesting.bench.workflow.Stats;
import com.aitesting.bench.workflow.Table;
import com.aitesting.bench.workflow.Timed;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * run_events appends per second through {@link PostgresRunEventStore#append} (one tenant-bound transaction
 * per event: run row lock, idempotency and terminal checks, gap-free seq from the primary key, INSERT)
 * beside a bare JDBC INSERT of the same rows (same table, role, row-level security, payload) that skips all
 * of it: autocommit (one commit per row, the fair comparison, since the store must make each event visible at
 * once) and batched (many rows per commit, the ceiling). Single-threaded, with T threads on T runs, and with
 * T threads on ONE run (all appends queue on that run's row lock). The NOTIFY trigger's share is measured by
 * disabling it for some passes (on this throw-away database only; the schema keeps it). The breakdown:
 * both with N rows per transaction, which leaves each statement's own round trip and work, so
 * store.append over bare INSERT there is what the guarded statement costs beside a plain INSERT.
 *
 * <pre>./dev bench events [--appends 2000] [--rounds 5] [--warmup 1] [--threads 8] [--batch 100] [--durable] [--markdown]</pre>
 */
public final class EventsBenchmark {
    private static final String USAGE = "usage: ./dev bench events [--appends N] [--rounds N] [--warmup N] [--threads N] "
            + "[--batch N] [--durable] [--markdown]";
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final String INSERT = "INSERT INTO run_events (tenant_id, run_id, seq, type, payload, idempotency_key) "
            + "VALUES (?, ?, ?, ?, ?::jsonb, ?)";

    enum Kind {
        STORE("store.append"),
        // the same append as a transaction of its own: binding and call in one request, no COMMIT round trip
        STORE_ONE_STATEMENT("store.append, one-statement transaction"),
        // a step's progress: the event and the run's progress columns, as the workflow wrote it before V062
        // (two statements and a COMMIT) and as it writes it now (one call, its own transaction)
        PROGRESS_TWO_STATEMENTS("store.append + runs.recordProgress, one transaction"),
        PROGRESS("store.appendWithProgress"),
        BARE("bare INSERT, autocommit"), BATCHED("bare INSERT, batched"),
        // the breakdown: N appends per transaction, so the transaction's own round trips (BEGIN with
        // the tenant binding, COMMIT) are shared and what is left is each statement's round trip and work
        STORE_SHARED_TX("store.append, N per transaction"), BARE_SHARED_TX("bare INSERT, N per transaction");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One measured configuration. */
    record Mode(Kind kind, int threads, boolean oneRun, boolean trigger) {
        String scenario() {
            return threads == 1 ? "1 thread, 1 run" : threads + " threads, " + (oneRun ? "1 run" : threads + " runs");
        }

        String label() {
            return kind.label + (trigger ? "" : ", trigger disabled");
        }
    }

    private static final class Series {
        final Stats perSecond = new Stats();
        final Stats latencyMicros = new Stats();
        final Stats jvmMicros = new Stats();
        final Stats jitGcMicros = new Stats();
        final Stats postgresMicros = new Stats();
        final Stats ratio = new Stats();
    }

    /** One worker's share: its run, its rows, and (bare modes) its own connection. */
    private record Share(Run run, AtomicLong seq, List<Integer> rows) {}

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = new Args(argv, Set.of("appends", "rounds", "warmup", "threads", "batch"), Set.of("durable", "markdown"), USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int threads = Math.max(1, args.integer("threads", 8));
        int appends = Math.max(threads, args.integer("appends", 2000));
        appends -= appends % threads;
        int rounds = Math.max(1, args.integer("rounds", 5));
        int warmup = args.integer("warmup", 1);
        int batch = Math.max(1, args.integer("batch", 100));
        boolean markdown = args.flag("markdown");

        List<Mode> modes = new ArrayList<>();
        for (int[] shape : new int[][] {{1, 0}, {threads, 0}, {threads, 1}}) {
            for (Kind kind : Kind.values()) {
                modes.add(new Mode(kind, shape[0], shape[1] == 1, true));
            }
        }
        List<Mode> withoutTrigger = List.of(new Mode(Kind.STORE, 1, false, false), new Mode(Kind.BARE, 1, false, false),
                new Mode(Kind.STORE, threads, false, false), new Mode(Kind.BARE, threads, false, false));

        String loadBefore = Machine.loadAverage();
        long benchStart = System.nanoTime();
        System.err.println("events benchmark: starting embedded PostgreSQL ...");
        try (BenchDatabase db = BenchDatabase.start(args.flag("durable"), threads + 4)) {
            BenchFixtures fixtures = new BenchFixtures(db.app(), 1);
            BenchFixtures.Tenant tenant = fixtures.tenants().getFirst();
            PlanStep step = tenant.plan().steps().getFirst();
            Map<String, Object> payload = payload(step);
            CpuMeter cpu = db.cpuMeter();
            PostgresTransactions transactions = new PostgresTransactions(db.app());
            PostgresRunEventStore store = new PostgresRunEventStore(transactions);
            PostgresRunRepository runs = new PostgresRunRepository(transactions);
            Map<Mode, Series> series = new LinkedHashMap<>();
            try {
                for (int round = -warmup; round < rounds; round++) {
                    boolean measured = round >= 0;
                    System.err.printf(Locale.ROOT, "events benchmark: %s round %d/%d (load %s)%n",
                            measured ? "measured" : "warm-up", measured ? round + 1 : round + warmup + 1,
                            measured ? rounds : warmup, Machine.loadAverage());
                    List<Mode> order = new ArrayList<>(modes);
                    java.util.Collections.rotate(order, -Kind.values().length * Math.floorMod(round, 3)); // rotate which scenario goes first
                    for (Mode mode : order) {
                        measure(mode, appends, batch, fixtures, tenant.id(), store, runs, transactions, payload, db, cpu, measured, series);
                    }
                    trigger(db, false);
                    try {
                        for (Mode mode : withoutTrigger) {
                            measure(mode, appends, batch, fixtures, tenant.id(), store, runs, transactions, payload, db, cpu, measured, series);
                        }
                    } finally {
                        trigger(db, true);
                    }
                    if (measured) {
                        for (Mode mode : series.keySet()) {
                            if (mode.kind() != Kind.BARE) {
                                Series bare = series.get(new Mode(Kind.BARE, mode.threads(), mode.oneRun(), mode.trigger()));
                                if (bare != null) {
                                    List<Double> s = List.of(series.get(mode).perSecond.last(), bare.perSecond.last());
                                    series.get(mode).ratio.add(s.get(0) / s.get(1));
                                }
                            }
                        }
                    }
                }
            } finally {
                trigger(db, true);
            }
            double seconds = (System.nanoTime() - benchStart) / 1e9;
            print(markdown, cpu.measuresPostgres(), db, appends, rounds, warmup, threads, batch, JSON.writeValueAsString(payload).length(),
                    loadBefore, seconds, series);
        }
        System.exit(0);
    }

    /** step.progress as ExecuteStep writes it, for the first step of the plan. */
    private static Map<String, Object> payload(PlanStep step) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("step_index", step.index());
        payload.put("test_id", step.testId());
        payload.put("step_id", step.stepId());
        payload.put("title", step.title());
        payload.put("agent", step.agent());
        payload.put("percent", 40);
        payload.put("message", "Ping sweep of 10.0.0.64/26: 23 of 62 hosts answered so far (10.0.0.65, 10.0.0.71, 10.0.0.90 ...)");
        return payload;
    }

    private static void measure(Mode mode, int appends, int batch, BenchFixtures fixtures, TenantId tenant,
                                PostgresRunEventStore store, PostgresRunRepository runRepository, PostgresTransactions transactions,
                                Map<String, Object> payload,
                                BenchDatabase db, CpuMeter cpu, boolean measured, Map<Mode, Series> series) throws Exception {
        int runCount = mode.oneRun() ? 1 : mode.threads();
        List<Run> runs = fixtures.queuedRuns(runCount);
        List<AtomicLong> seqs = runs.stream().map(r -> new AtomicLong(r.lastEventSeq())).toList();
        int perThread = appends / mode.threads();
        List<Share> shares = IntStream.range(0, mode.threads())
                .mapToObj(t -> new Share(runs.get(t % runCount), seqs.get(t % runCount),
                        IntStream.range(t * perThread, (t + 1) * perThread).boxed().toList()))
                .toList();
        // Bare modes hold one connection per thread, opened before and closed after the measured span.
        List<Connection> connections = new ArrayList<>();
        try {
            if (mode.kind() == Kind.BARE || mode.kind() == Kind.BATCHED || mode.kind() == Kind.BARE_SHARED_TX) {
                for (int t = 0; t < mode.threads(); t++) {
                    connections.add(bareConnection(db, tenant, mode.kind() != Kind.BARE));
                }
            }
            CpuMeter.Sample before = cpu.sample();
            Timed.Result result = Timed.run(IntStream.range(0, mode.threads()).boxed().toList(), mode.threads(), t -> {
                Share share = shares.get(t);
                switch (mode.kind()) {
                    case STORE -> appendEach(share.rows(), payload,
                            (n, event) -> transactions.inTenant(tenant, () -> store.append(share.run().id(), event)));
                    case STORE_ONE_STATEMENT -> appendEach(share.rows(), payload,
                            (n, event) -> transactions.inTenantOneStatement(tenant, () -> store.append(share.run().id(), event)));
                    case PROGRESS_TWO_STATEMENTS -> appendEach(share.rows(), payload, (n, event) -> transactions.inTenant(tenant,
                            () -> store.append(share.run().id(), event).map(written -> {
                                runRepository.recordProgress(share.run().id(), progress(n));
                                return written;
                            })));
                    case PROGRESS -> appendEach(share.rows(), payload,
                            (n, event) -> store.appendWithProgress(tenant, share.run().id(), event, progress(n)));
                    case STORE_SHARED_TX -> {
                        List<Integer> rows = share.rows();
                        for (int from = 0; from < rows.size(); from += batch) {
                            List<Integer> chunk = rows.subList(from, Math.min(rows.size(), from + batch));
                            transactions.inTenant(tenant, () -> {
                                appendEach(chunk, payload, (n, event) -> store.append(share.run().id(), event));
                                return null;
                            });
                        }
                    }
                    case BARE -> bareInserts(connections.get(t), share, tenant, payload, 1, false);
                    case BATCHED -> bareInserts(connections.get(t), share, tenant, payload, batch, true);
                    case BARE_SHARED_TX -> bareInserts(connections.get(t), share, tenant, payload, batch, false);
                }
            });
            CpuMeter.Sample used = cpu.sample().minus(before);
            verify(transactions, tenant, runs, appends / runCount, mode);
            if (measured) {
                Series s = series.computeIfAbsent(mode, m -> new Series());
                s.perSecond.add(result.perSecond(appends));
                // each thread's rows one after another: its item time / its rows is the per-append latency
                s.latencyMicros.add(result.summedItemNanos() / 1e3 / appends);
                s.jvmMicros.add(used.appNanos() / 1e3 / appends);
                s.jitGcMicros.add(used.jitGcNanos() / 1e3 / appends);
                s.postgresMicros.add(used.postgresNanos() / 1e3 / appends);
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /** How one mode writes row {@code n}'s event; empty when the store refused it. */
    @FunctionalInterface
    private interface Write {
        Optional<RunEvent> append(int n, NewRunEvent event);
    }

    /** A step.progress event per row, written by {@code write}; a refused append fails the benchmark. */
    private static void appendEach(List<Integer> rows, Map<String, Object> payload, Write write) {
        for (int n : rows) {
            if (write.append(n, new NewRunEvent(RunEventType.STEP_PROGRESS, payload, key(n))).isEmpty()) {
                throw new IllegalStateException("the store refused append " + n);
            }
        }
    }

    /** Some progress that changes with each append (the run row gets a new version either way). */
    private static RunProgress progress(int n) {
        return new RunProgress(0, 0, n % 100);
    }

    private static String key(int n) {
        return RunEventType.STEP_PROGRESS + ":" + n / 10 + ":" + n;
    }

    /** As the application role with the tenant bound for the session: row-level security still applies. */
    private static Connection bareConnection(BenchDatabase db, TenantId tenant, boolean batched) throws SQLException {
        Connection c = db.appConnection();
        try (PreparedStatement bind = c.prepareStatement("SELECT set_config('app.tenant_id', ?, false)")) {
            bind.setString(1, tenant.value());
            bind.execute();
        }
        c.setAutoCommit(!batched);
        return c;
    }

    /** Commits every {@code batch} rows (autocommit when 1); {@code jdbcBatch}: the rows of a commit go in one JDBC batch. */
    private static void bareInserts(Connection c, Share share, TenantId tenant, Map<String, Object> payload, int batch,
                                    boolean jdbcBatch) throws Exception {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            int pending = 0;
            for (int n : share.rows()) {
                insert.setString(1, tenant.value());
                insert.setObject(2, share.run().id().value());
                insert.setLong(3, share.seq().incrementAndGet());
                insert.setString(4, RunEventType.STEP_PROGRESS);
                insert.setString(5, JSON.writeValueAsString(payload));
                insert.setString(6, key(n));
                if (batch == 1) {
                    insert.executeUpdate();
                    continue;
                }
                if (jdbcBatch) {
                    insert.addBatch();
                } else {
                    insert.executeUpdate();
                }
                if (++pending == batch) {
                    if (jdbcBatch) {
                        insert.executeBatch();
                    }
                    c.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                if (jdbcBatch) {
                    insert.executeBatch();
                }
                c.commit();
            }
        }
    }

    /** Every run got its rows, seq 1..n without a gap (run.queued is seq 1). */
    private static void verify(PostgresTransactions transactions, TenantId tenant, List<Run> runs, int perRun, Mode mode) {
        for (Run run : runs) {
            long[] countAndMax = transactions.inTenant(tenant, () -> transactions.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*), max(seq) FROM run_events WHERE run_id = ?")) {
                    ps.setObject(1, run.id().value());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new long[] {rs.getLong(1), rs.getLong(2)};
                    }
                }
            }));
            if (countAndMax[0] != perRun + 1 || countAndMax[1] != perRun + 1) {
                throw new IllegalStateException(mode + ": run " + run.id() + " has " + countAndMax[0] + " events up to seq "
                        + countAndMax[1] + ", expected " + (perRun + 1));
            }
        }
    }

    /** Toggles the NOTIFY trigger on this throw-away database (as the owner; the migration is untouched). */
    private static void trigger(BenchDatabase db, boolean enabled) throws SQLException {
        try (Connection c = db.owner().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE run_events " + (enabled ? "ENABLE" : "DISABLE") + " TRIGGER run_events_notify");
        }
    }

    private static void print(boolean markdown, boolean cpuMeasured, BenchDatabase db, int appends, int rounds, int warmup,
                              int threads, int batch, int payloadBytes, String loadBefore, double seconds,
                              Map<Mode, Series> series) {
        StringBuilder out = new StringBuilder();
        String bullet = markdown ? "- " : "  ";
        out.append(markdown ? "### " : "").append("Events benchmark: PostgresRunEventStore.append vs a bare JDBC INSERT into run_events\n\n");
        List<String> facts = List.of(
                "machine: " + Machine.cpu() + ", " + Machine.memory() + ", " + Machine.os(),
                "JDK: " + Machine.jdk(),
                "database: " + db.version() + ", " + db.settings(),
                "load average (1/5/15 min): " + loadBefore + " before, " + Machine.loadAverage() + " after",
                String.format(Locale.ROOT, "parameters: %d appends per mode per round, %d measured rounds after %d warm-up, "
                        + "%d threads, batches and shared transactions (N) of %d rows, step.progress payload of %d bytes (JSON); took %.0f s",
                        appends, rounds, warmup, threads, batch, payloadBytes, seconds));
        facts.forEach(f -> out.append(bullet).append(f).append('\n'));
        out.append('\n');
        Table table = new Table("scenario", "mode", "appends/s", "latency µs/append", "app CPU µs/append",
                "JIT+GC CPU µs/append", "PostgreSQL CPU µs/append", "mode/bare autocommit");
        List<Mode> ordered = series.keySet().stream().sorted(java.util.Comparator.comparing((Mode m) -> !m.trigger())
                .thenComparing(Mode::threads).thenComparing(Mode::oneRun).thenComparing(Mode::kind)).toList();
        for (Mode mode : ordered) {
            Series s = series.get(mode);
            table.row(mode.scenario(), mode.label(), s.perSecond.describe(), Stats.num(s.latencyMicros.median()),
                    s.jvmMicros.describe(), Stats.num(s.jitGcMicros.median()), cpuMeasured ? s.postgresMicros.describe() : "-",
                    mode.kind() == Kind.BARE ? "1" : s.ratio.describe());
        }
        out.append(table.render(markdown)).append('\n');
        for (boolean oneRun : new boolean[] {false, true}) {
            for (int t : threads == 1 ? new int[] {1} : new int[] {1, threads}) {
                if (t == 1 && oneRun) {
                    continue;
                }
                Series withTrigger = series.get(new Mode(Kind.BARE, t, oneRun, true));
                Series without = series.get(new Mode(Kind.BARE, t, oneRun, false));
                Series storeWith = series.get(new Mode(Kind.STORE, t, oneRun, true));
                Series storeWithout = series.get(new Mode(Kind.STORE, t, oneRun, false));
                if (withTrigger != null && without != null && storeWith != null && storeWithout != null) {
                    out.append(bullet).append(String.format(Locale.ROOT,
                            "NOTIFY trigger share at %s: bare INSERT %s, store.append %s of the time per append%n",
                            new Mode(Kind.BARE, t, oneRun, true).scenario(),
                            share(withTrigger, without), share(storeWith, storeWithout)));
                }
            }
        }
        out.append(bullet).append("figures: median of the measured rounds (min..max); mode/bare autocommit is per round and "
                + "scenario (appends/s of the mode over appends/s of the bare autocommit INSERT); latency is a thread's mean "
                + "time per append; CPU is per append over the timed span: app = this JVM without its JIT compiler and GC threads, "
                + "PostgreSQL = the server's processes\n");
        System.out.print(out);
        System.out.flush();
    }

    /** 1 - (rate with the trigger / rate without): the part of an append's time the trigger costs. */
    private static String share(Series with, Series without) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * (1 - with.perSecond.median() / without.perSecond.median()));
    }
}
