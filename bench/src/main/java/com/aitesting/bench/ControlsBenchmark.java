package com.aitesting.bench;

import com.aitesting.bench.workflow.Args;
import com.aitesting.bench.workflow.Machine;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.local.LocalConfig;
import com.aitesting.local.LocalRuntime;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Run controls as an operator feels them (issue 5), on the real embedded default (LocalRuntime: engine,
 * handlers, API) with a throw-away database, over loopback HTTP. Per pause/resume cycle on a running run:
 * <ul>
 *   <li>pause -> run.paused: the request is sent at a random point of a step; the pause takes effect at the
 *       next step boundary, so this is about the rest of that step plus the checkpoint and park;</li>
 *   <li>pause -> last step.completed: the last step event before run.paused (negative when the request
 *       arrived just after a step completed and before the next checkpoint);</li>
 *   <li>resume -> next step.started: answering the parked task token until the next step begins.</li>
 * </ul>
 * Times run from sending the request to the event's created_at (clock_timestamp() of the same machine).
 *
 * <pre>./dev bench controls [--cycles 20] [--warmup 3] [--paces 200,1500]</pre> (--paces: SIMULATE_STEP_MS
 * values; the first --warmup cycles at each pace are not counted)
 */
public final class ControlsBenchmark {
    private static final String USAGE = "usage: ./dev bench controls [--cycles N] [--warmup N] [--paces MS,MS...]";
    private static final TenantId TENANT = new TenantId("t_bench");
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final PostgresTransactions transactions;
    private final PostgresRunEventStore events;
    private final Random random = new Random(42);

    private ControlsBenchmark(String api, PostgresTransactions transactions) {
        this.api = api;
        this.transactions = transactions;
        this.events = new PostgresRunEventStore(transactions);
    }

    /** Milliseconds of one kind of latency, over all cycles at one pacing. */
    private record Series(String name, List<Double> millis) {
        Series(String name) {
            this(name, new ArrayList<>());
        }

        String row(int pace) {
            List<Double> sorted = millis.stream().sorted().toList();
            return String.format(Locale.ROOT, "| %d | %s | %d | %.0f | %.0f | %.0f |", pace, name, sorted.size(),
                    percentile(sorted, 50), percentile(sorted, 95), sorted.getLast());
        }

        private static double percentile(List<Double> sorted, int p) {
            return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    public static void main(String[] args) throws Exception {
        Args options = new Args(args, Set.of("cycles", "warmup", "paces"), Set.of(), USAGE);
        int cycles = options.integer("cycles", 20);
        int warmup = options.integer("warmup", 3);
        List<Integer> paces = options.integers("paces", List.of(200, 1500));

        String loadBefore = Machine.loadAverage();
        List<String> rows = new ArrayList<>();
        for (int pace : paces) {
            for (Series series : measure(pace, warmup, cycles)) {
                rows.add(series.row(pace));
            }
        }
        // Printed at the end: the runtime's log lines would otherwise interleave with the table.
        System.out.println();
        System.out.println("Machine: " + Machine.cpu() + "; " + Machine.memory() + "; " + Machine.jdk() + "; " + Machine.os());
        System.out.println("Load average before / after: " + loadBefore + " | " + Machine.loadAverage());
        System.out.println();
        System.out.println("| SIMULATE_STEP_MS | from request to | samples | p50 ms | p95 ms | max ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    private static List<Series> measure(int pace, int warmup, int cycles) throws Exception {
        LocalConfig config = new LocalConfig(0, Path.of("unused"), true, null).withSimulateStep(Duration.ofMillis(pace));
        try (LocalRuntime runtime = new LocalRuntime().start(config);
             HikariDataSource pool = DataSources.pooled(runtime.database().jdbcUrl(), runtime.database().app(), 2, "bench")) {
            return new ControlsBenchmark(runtime.apiUrl(), new PostgresTransactions(pool)).cycles(pace, warmup, cycles);
        }
    }

    private List<Series> cycles(int pace, int warmup, int cycles) throws Exception {
        Series paused = new Series("pause -> run.paused");
        Series lastStep = new Series("pause -> last step.completed");
        Series resumed = new Series("resume -> next step.started");
        Series roundTrip = new Series("control HTTP round trip");
        List<Series> all = List.of(paused, lastStep, resumed, roundTrip);
        int warm = 0;
        String plan = plan();
        String run = null;
        RunEvent step = null; // the step.started of the step under way
        while (paused.millis().size() < cycles) {
            if (warm < warmup && paused.millis().size() == 1) { // the first cycles also load and compile code
                warm++;
                all.forEach(s -> s.millis().clear());
            }
            if (run == null) {
                run = post("/v1/tests", plan).path("id").asText();
                step = await(run, 0, e -> e.type().equals("step.started") || e.isTerminal());
            }
            if (step.isTerminal()) {
                run = null;
                continue;
            }
            // A random point within the step, so the pause meets every phase of it.
            Thread.sleep(random.nextInt(Math.max(1, pace)));

            Instant pauseSent = Instant.now();
            HttpResponse<String> pause = control(run, "pause");
            roundTrip.millis().add(millisBetween(pauseSent, Instant.now()));
            if (pause.statusCode() != 200) { // the run finished meanwhile
                run = null;
                continue;
            }
            RunEvent parked = await(run, step.seq(), e -> e.type().equals("run.paused") || e.isTerminal());
            if (parked.isTerminal()) { // the last step was under way: completed instead of pausing
                run = null;
                continue;
            }
            paused.millis().add(millisBetween(pauseSent, parked.createdAt()));
            last(run, parked.seq(), "step.completed")
                    .ifPresent(completed -> lastStep.millis().add(millisBetween(pauseSent, completed.createdAt())));

            Thread.sleep(50); // parked, as an operator's resume would find it
            Instant resumeSent = Instant.now();
            HttpResponse<String> resume = control(run, "resume");
            roundTrip.millis().add(millisBetween(resumeSent, Instant.now()));
            if (resume.statusCode() != 200) {
                throw new IllegalStateException("resume refused: " + resume.body());
            }
            step = await(run, parked.seq(), e -> e.type().equals("step.started") || e.isTerminal());
            if (!step.isTerminal()) { // else it was paused after its last step, and the resume completed it
                resumed.millis().add(millisBetween(resumeSent, step.createdAt()));
            }
        }
        return all;
    }

    /** The first event after {@code afterSeq} that matches, waiting for it. */
    private RunEvent await(String run, long afterSeq, Predicate<RunEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long seen = afterSeq;
        while (System.nanoTime() < deadline) {
            for (RunEvent e : page(run, seen)) {
                seen = e.seq();
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException("run " + run + ": no matching event within " + TIMEOUT);
    }

    private Optional<RunEvent> last(String run, long beforeSeq, String type) {
        return page(run, 0).stream().filter(e -> e.seq() < beforeSeq && e.type().equals(type)).reduce((a, b) -> b);
    }

    private List<RunEvent> page(String run, long afterSeq) {
        return transactions.inTenant(TENANT, () -> events.listAfter(RunId.parse(run), afterSeq, 1000));
    }

    /** The README's engagement and two-test plan (6 steps); returns the body for POST /v1/tests. */
    private String plan() throws Exception {
        String engagement = post("/v1/engagements", """
                {"name":"Bench","tenant_id":"t_bench","type":"network","scope":{"in_scope_domains":["example.com"],\
                "in_scope_cidrs":["10.0.0.0/24"],"out_of_scope":[],"risk_tier":"safe_active","windows":[]}}""").path("id").asText();
        String plan = post("/v1/engagements/" + engagement + "/plan", """
                {"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"network.nmap.tcp_top_1000"}],\
                "agents":{"strategy":"recommended"},"risk_tier":"safe_active"}""").path("id").asText();
        return "{\"engagement_id\":\"" + engagement + "\",\"plan_id\":\"" + plan + "\"}";
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send(path, body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> control(String run, String action) throws IOException, InterruptedException {
        return send("/v2/runs/" + run + "/control", "{\"action\":\"" + action + "\"}");
    }

    private HttpResponse<String> send(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(30))
                .header("X-Dev-User", "bench").header("X-Dev-Email", "bench@example.com").header("X-Tenant-Id", TENANT.value())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
