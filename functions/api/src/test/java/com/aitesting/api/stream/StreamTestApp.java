package com.aitesting.api.stream;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.api.support.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import com.aitesting.core.stream.StreamToken;
import com.aitesting.core.stream.StreamTokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real app on a real embedded PostgreSQL, plus the production write path for events: runs are
 * created through the real use cases, events appended through PostgresRunEventStore in a tenant-bound
 * transaction (commit -> NOTIFY -> tail -> SSE), as the workflow's task handlers do.
 */
public final class StreamTestApp implements AutoCloseable {
    public final EmbeddedDatabase.Migrated db;
    public final EmbeddedServer server;
    public final PostgresTransactions transactions;
    public final PostgresRunRepository runs;
    public final PostgresRunEventStore events;
    private final PostgresEngagementRepository engagements;
    private final PostgresPlanRepository plans;
    private final Clock clock = Clock.systemUTC();
    private final Catalog catalog = Catalog.load();

    public StreamTestApp(Map<String, Object> settings) {
        db = EmbeddedDatabase.createMigrated();
        Map<String, Object> props = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "micronaut.server.host", "127.0.0.1",
                "ait.database.url", db.jdbcUrl(),
                "ait.database.user", db.app().user(),
                "ait.database.password", db.app().password(),
                "ait.database.max-pool-size", "16",
                "ait.simulate-progress", "false",
                // as on AWS: the app does not start without its webhook key (the KMS client connects at first use only)
                "ait.webhook.kms-key-arn", TestServer.KMS_KEY_ARN));
        props.putAll(settings);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        transactions = new PostgresTransactions(db.appDataSource());
        engagements = new PostgresEngagementRepository(transactions);
        plans = new PostgresPlanRepository(transactions);
        runs = new PostgresRunRepository(transactions);
        events = new PostgresRunEventStore(transactions);
    }

    public static Actor actor(String tenant) {
        return new Actor("yered", "yered@example.com", new TenantId(tenant));
    }

    public static Map<String, String> headers(Actor actor) {
        return Map.of("X-Dev-User", actor.user(), "X-Dev-Email", actor.email(), "X-Tenant-Id", actor.tenant().value());
    }

    /** A queued run (with its run.queued event, seq 1) created through the real use cases. */
    public Run queuedRun(Actor actor) {
        Engagement engagement = new CreateEngagement(transactions, engagements, clock).execute(actor, CreateEngagementCommand.parse(
                "Demo Net", actor.tenant().value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
        Plan plan = new CreatePlan(transactions, engagements, plans, catalog, clock).execute(actor, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep"), "recommended", "safe_active"));
        return new StartRun(transactions, engagements, plans, runs, events, null, false, clock)
                .execute(actor, new StartRunCommand(engagement.id(), plan.id()));
    }

    public RunEvent append(TenantId tenant, RunId run, String type, Map<String, Object> payload) {
        return transactions.inTenant(tenant, () -> events.append(run, new NewRunEvent(type, payload, UUID.randomUUID().toString())))
                .orElseThrow(() -> new AssertionError("append refused: " + type));
    }

    public RunEvent progress(TenantId tenant, RunId run, int percent) {
        return append(tenant, run, RunEventType.STEP_PROGRESS, Map.of("percent", percent, "message", "step " + percent));
    }

    /** Finishes the run as the workflow does: status and terminal event in one transaction. */
    public RunEvent complete(TenantId tenant, RunId run) {
        return complete(tenant, run, events);
    }

    /** The same through {@code store} (one that tells subscribers after the commit, for example). */
    public RunEvent complete(TenantId tenant, RunId run, RunEventStore store) {
        return transactions.inTenant(tenant, () -> {
            runs.transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.now());
            return store.append(run, new NewRunEvent(RunEventType.RUN_COMPLETED, Map.of(), "complete"))
                    .orElseThrow(() -> new AssertionError("completion refused"));
        });
    }

    public List<RunEvent> stored(TenantId tenant, RunId run) {
        return transactions.inTenant(tenant, () -> events.listAfter(run, 0, 100_000));
    }

    /**
     * A token signed with {@code secret} (the app's STREAM_TOKEN_SECRET) by the real signer that expires 1-2 s
     * from now: issued with the usual 5 min life by a clock set that much earlier.
     */
    public static StreamToken tokenExpiringSoon(String secret, TenantId tenant, RunId run) {
        Instant expiresAt = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        Clock issuedThen = Clock.fixed(expiresAt.minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        return new StreamTokens(secret.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), issuedThen).issue(tenant, run);
    }

    public URI eventsUri(RunId run, String query) {
        return URI.create(server.getURL() + "/v2/runs/" + run + "/events" + (query == null ? "" : "?" + query));
    }

    public URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
        db.close();
    }
}
