package com.aitesting.bench.stream;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.DatabaseConfig;
import com.aitesting.postgres.DatabaseSetup;
import com.aitesting.postgres.Migrations;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SSE benchmarks' database: a throw-away embedded PostgreSQL, migrated as the app expects, and the
 * production write path (real use cases to create runs, PostgresRunEventStore in a tenant-bound
 * transaction to append: commit -> NOTIFY -> tail -> SSE).
 */
final class SseBenchApp implements AutoCloseable {
    static final Actor ACTOR = new Actor("bench", "bench@example.com", new TenantId("t_bench"));
    static final Credentials APP = new Credentials("ait_app", "bench-app");
    private static final Credentials OWNER = new Credentials("ait_owner", "bench-owner");

    final String jdbcUrl;
    final HikariDataSource appPool;
    final PostgresTransactions transactions;
    final PostgresRunRepository runs;
    final PostgresRunEventStore events;
    private final EmbeddedPostgres server;
    private final PostgresEngagementRepository engagements;
    private final PostgresPlanRepository plans;
    private final Clock clock = Clock.systemUTC();

    SseBenchApp() {
        try {
            server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        String base = "jdbc:postgresql://localhost:" + server.getPort() + "/";
        jdbcUrl = base + "aitesting_bench";
        DatabaseConfig config = new DatabaseConfig(jdbcUrl, OWNER, APP);
        DatabaseSetup.bootstrap(base + "postgres", new Credentials("postgres", ""), "aitesting_bench", config);
        Migrations.migrate(config);
        appPool = DataSources.pooled(jdbcUrl, APP, 8, "bench-writer");
        transactions = new PostgresTransactions(appPool);
        runs = new PostgresRunRepository(transactions);
        events = new PostgresRunEventStore(transactions);
        engagements = new PostgresEngagementRepository(transactions);
        plans = new PostgresPlanRepository(transactions);
    }

    /** The properties that point the API app at this database as the restricted role. */
    /**
     * The API app on {@code props}, with the webhook URLs' master key the local runtime would register from
     * its key file (here a random one: the benchmarks store no webhook). Without a key the app refuses to
     * start, asking for WEBHOOK_KMS_KEY_ARN.
     */
    static EmbeddedServer startServer(Map<String, Object> props) {
        ApplicationContext context = ApplicationContext.builder().properties(props).singletons(AesMasterKey.random()).start();
        return context.getBean(EmbeddedServer.class).start();
    }

    Map<String, Object> appProperties() {
        return Map.of("ait.database.url", jdbcUrl, "ait.database.user", APP.user(), "ait.database.password", APP.password(),
                "ait.database.max-pool-size", "16", "ait.simulate-progress", "false");
    }

    Run queuedRun() {
        Engagement engagement = new CreateEngagement(transactions, engagements, clock).execute(ACTOR, CreateEngagementCommand.parse(
                "Bench", ACTOR.tenant().value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
        Plan plan = new CreatePlan(transactions, engagements, plans, Catalog.load(), clock).execute(ACTOR, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep"), "recommended", "safe_active"));
        return new StartRun(transactions, engagements, plans, runs, events, null, false, clock)
                .execute(ACTOR, new StartRunCommand(engagement.id(), plan.id()));
    }

    /** Appends one event and returns System.nanoTime() right after its transaction committed. */
    long appendProgress(RunId run, int percent) {
        transactions.inTenant(ACTOR.tenant(), () -> events.append(run,
                new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", percent, "message", "bench"), UUID.randomUUID().toString())));
        return System.nanoTime();
    }

    long lastSeq(RunId run) {
        return transactions.inTenant(ACTOR.tenant(), () -> runs.find(run).orElseThrow().lastEventSeq());
    }

    void complete(RunId run) {
        transactions.inTenant(ACTOR.tenant(), () -> {
            runs.transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.now());
            events.append(run, new NewRunEvent(RunEventType.RUN_COMPLETED, Map.of(), "complete"));
        });
    }

    @Override
    public void close() {
        appPool.close();
        try {
            server.close();
        } catch (IOException ignored) {
            // the temporary data folder goes with the process
        }
    }
}
