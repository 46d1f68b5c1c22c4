package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.simulation.StepSimulator;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./dev start` really killed: LocalMain runs in a child JVM on a kept DATA_DIR, gets SIGKILL in the middle
 * of a run (its embedded PostgreSQL survives, as it does for a user), and a new child starts on the same
 * folder. The new child must stop the leftover PostgreSQL and continue the run to completed with every event
 * exactly once, while a third start on the folder beside it is refused. The test reads run_events as the embedded server's superuser (trust on loopback), on the
 * port in postmaster.pid.
 */
class KillAndRestartIT {
    private static final Duration UP = Duration.ofSeconds(40);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final TenantId TENANT = new TenantId(LocalApi.TENANT);

    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();
    private final List<Long> postmasters = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private boolean passed;

    @Test
    void aRunWhoseProcessIsKilledMidStepCompletesAfterARestartWithEveryEventExactlyOnce() throws Exception {
        Path data = dir.resolve("pgdata");

        Child first = startChild(data, "first");
        long firstPostmaster = postmasterPid(data);
        postmasters.add(firstPostmaster);
        String run;
        try (Store store = Store.open(data)) {
            LocalApi api = new LocalApi(first.url());
            run = api.startRun(api.plan());
            // Mid-way: the second step has started and written progress, but not completed.
            store.await(run, types -> types.stream().filter("step.started"::equals).count() == 2
                    && types.getLast().equals("step.progress"));
        }
        first.process().destroyForcibly(); // SIGKILL
        assertThat(first.process().waitFor(10, TimeUnit.SECONDS)).as("the first child died").isTrue();
        assertThat(ProcessHandle.of(firstPostmaster).map(ProcessHandle::isAlive)).as("its PostgreSQL outlives it")
                .contains(true);
        List<RunEvent> beforeRestart;
        try (Store store = Store.open(data)) { // through the leftover postmaster: exactly what the kill left
            beforeRestart = store.events(run);
        }
        assertThat(types(beforeRestart)).as("killed part-way").contains("step.completed").doesNotContain("run.completed");

        Child second = startChild(data, "second");
        postmasters.add(postmasterPid(data));
        assertThat(Files.readString(second.log())).as("the restart says what it did")
                .contains("stopping a leftover PostgreSQL (pid " + firstPostmaster + ")");
        assertThat(ProcessHandle.of(firstPostmaster).map(ProcessHandle::isAlive)).as("the leftover is gone").isNotEqualTo(Optional.of(true));

        new LocalApi(second.url()).awaitRun(run, r -> r.get("status").asText().equals("completed"), SETTLE);
        try (Store store = Store.open(data)) {
            List<RunEvent> events = store.events(run);
            RunHistory.assertCompletedOnce(events); // seq 1..N gap-free, each step started/completed once, in order
            List<String> types = types(events);
            assertThat(types.stream().filter("run.started"::equals)).hasSize(1);
            assertThat(types.stream().filter("run.completed"::equals)).hasSize(1);
            assertThat(types).as("an uninterrupted run's events, no more, no fewer").isEqualTo(store.uninterrupted(run));
            assertThat(events.subList(0, beforeRestart.size())).as("what was written before the kill is kept, in place")
                    .isEqualTo(beforeRestart);
        }

        // A third start while the second lives: refused at once, and the live PostgreSQL is left alone.
        Path thirdLog = dir.resolve("third.log");
        Process third = launch(data, thirdLog, freePort());
        assertThat(third.waitFor(30, TimeUnit.SECONDS)).as("the third start gives up").isTrue();
        assertThat(third.exitValue()).isEqualTo(1);
        assertThat(Files.readString(thirdLog)).contains("Another ai-testing (pid " + second.process().pid() + ") is using the data folder");
        assertThat(postmasterPid(data)).isEqualTo(postmasters.getLast());
        assertThat(ProcessHandle.of(postmasters.getLast()).map(ProcessHandle::isAlive)).contains(true);
        passed = true;
    }

    private record Child(Process process, String url, Path log) {}

    /** LocalMain in a new JVM, up when /health answers. */
    private Child startChild(Path data, String name) throws Exception {
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        Process process = launch(data, log, port);
        String url = "http://localhost:" + port;
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + UP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " child exited with " + process.exitValue());
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return new Child(process, url, log);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " child not up within " + UP);
            }
            LocalApi.pause(Duration.ofMillis(100));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** `./dev start` as a child process: this JVM's java and classpath (failsafe's booter jar works as -cp). */
    private Process launch(Path data, Path log, int port) throws IOException {
        logs.add(log);
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                LocalMain.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_OWNER_USER", "DATABASE_OWNER_PASSWORD",
                "EPHEMERAL_DB", "SLACK_WEBHOOK", "PUBLIC_BASE_URL", "AUTH_MODE", "STATE_MACHINE_ARN").forEach(env::remove);
        env.put("DATA_DIR", data.toString());
        env.put("PORT", Integer.toString(port));
        env.put("SIMULATE_PROGRESS", "true");
        env.put("SIMULATE_STEP_MS", "400");
        Process process = builder.start();
        children.add(process);
        return process;
    }

    /** Line 1 of postmaster.pid: the running postmaster. */
    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
    }

    private static List<String> types(List<RunEvent> events) {
        return events.stream().map(RunEvent::type).filter(t -> !t.startsWith("notification.")).toList();
    }

    @AfterEach
    void leaveNothingRunning() throws Exception {
        for (Process child : children) {
            child.destroy(); // SIGTERM: LocalMain's shutdown hook stops its PostgreSQL
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (long pid : postmasters) {
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
            if (postmaster.isPresent()) {
                postmaster.get().destroy();
                try {
                    postmaster.get().onExit().get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    postmaster.get().destroyForcibly();
                }
            }
        }
        if (!passed) {
            for (Path log : logs) {
                if (Files.exists(log)) {
                    System.out.println("----- " + log.getFileName() + " -----\n" + Files.readString(log));
                }
            }
        }
    }

    /** run_events, plans and engagements as the embedded server's superuser, through the production repositories. */
    private record Store(HikariDataSource pool, PostgresTransactions tx) implements AutoCloseable {
        static Store open(Path data) throws IOException {
            int port = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
            HikariDataSource pool = DataSources.pooled("jdbc:postgresql://localhost:" + port + "/" + EmbeddedPostgresPart.DATABASE,
                    new Credentials("postgres", Files.readString(EmbeddedPostgresPart.passwordFile(data)).strip()), 2,
                    "kill-and-restart-test");
            return new Store(pool, new PostgresTransactions(pool));
        }

        List<RunEvent> events(String run) {
            return tx.inTenant(TENANT, () -> new PostgresRunEventStore(tx).listAfter(RunId.parse(run), 0, 10_000));
        }

        void await(String run, Predicate<List<String>> condition) {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            List<String> types;
            while (!condition.test(types = types(events(run)))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("run " + run + " did not get there within " + SETTLE + ": " + types);
                }
                LocalApi.pause(Duration.ofMillis(10));
            }
        }

        /** The event types a run of this plan writes when nothing interrupts it (the simulation is seeded by the run id). */
        List<String> uninterrupted(String runId) {
            return tx.inTenant(TENANT, () -> {
                Run run = new PostgresRunRepository(tx).find(RunId.parse(runId)).orElseThrow();
                Plan plan = new PostgresPlanRepository(tx).find(run.planId()).orElseThrow();
                Engagement engagement = new PostgresEngagementRepository(tx).find(run.engagementId()).orElseThrow();
                StepSimulator simulator = new StepSimulator();
                List<String> types = new ArrayList<>(List.of("run.queued", "run.started"));
                for (int step = 0; step < plan.steps().size(); step++) {
                    types.add("step.started");
                    int progress = simulator.script(run.id(), plan.steps(), step, engagement.scope()).progress().size();
                    for (int n = 0; n < progress; n++) {
                        types.add("step.progress");
                    }
                    types.add("step.completed");
                }
                types.add("run.completed");
                return types;
            });
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
