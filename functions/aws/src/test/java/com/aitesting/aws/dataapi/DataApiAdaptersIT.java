package com.aitesting.aws.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.aitesting.postgres.tail.PollingTail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Data API adapters' SQL on a real PostgreSQL as the restricted role (through JdbcRdsDataClient): the
 * same rows as the JDBC repositories, row-level security bound per transaction, and PollingTail's
 * signals on top of them.
 */
class DataApiAdaptersIT {
    private static final DataApiTarget TARGET = new DataApiTarget("arn:aws:rds:eu-west-1:1:cluster:ait-test",
            "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf", "aitesting");
    private static EmbeddedDatabase.Migrated db;
    private static JdbcRdsDataClient client;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.createMigrated();
        client = new JdbcRdsDataClient(db.appDataSource(), TARGET);
    }

    @AfterAll
    static void stop() {
        client.close();
        db.close();
    }

    /** A queued run (with its run.queued event) created through the real use cases. */
    static RunId queuedRun(PostgresTransactions tx, TenantId tenant) {
        Actor actor = new Actor("yered", "yered@example.com", tenant);
        var engagements = new PostgresEngagementRepository(tx);
        var plans = new PostgresPlanRepository(tx);
        Clock clock = Clock.systemUTC();
        Engagement engagement = new CreateEngagement(tx, engagements, clock).execute(actor, CreateEngagementCommand.parse(
                "Demo Net", tenant.value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
        Plan plan = new CreatePlan(tx, engagements, plans, Catalog.load(), clock).execute(actor, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep"), "recommended", "safe_active"));
        return new StartRun(tx, engagements, plans, new PostgresRunRepository(tx), new PostgresRunEventStore(tx), null, false, clock)
                .execute(actor, new StartRunCommand(engagement.id(), plan.id())).id();
    }

    @Test
    void readsTheSameRunsAndEventsAsJdbcAndOnlyForTheBoundTenant() {
        PostgresTransactions jdbc = new PostgresTransactions(db.appDataSource());
        TenantId acme = new TenantId("acme");
        RunId run = queuedRun(jdbc, acme);
        PostgresRunEventStore jdbcEvents = new PostgresRunEventStore(jdbc);
        jdbc.inTenant(acme, () -> jdbcEvents.append(run, new NewRunEvent("step.progress", Map.of("percent", 50, "message", "half"), "k1")));

        DataApiTransactions tx = new DataApiTransactions(client, TARGET);
        DataApiRunEventReads events = new DataApiRunEventReads(tx);
        PostgresRunEventReads jdbcReads = new PostgresRunEventReads(jdbc);

        Run stored = jdbc.inTenant(acme, () -> new PostgresRunRepository(jdbc).find(run)).orElseThrow();
        assertThat(tx.inTenant(acme, () -> events.head(run))).contains(new RunHead(run, stored.status(), stored.lastEventSeq()));
        assertThat(tx.inTenant(acme, () -> events.head(run))).isEqualTo(jdbc.inTenant(acme, () -> jdbcReads.head(run)));
        List<RunEvent> viaDataApi = tx.inTenant(acme, () -> events.listAfter(run, 0, 100));
        assertThat(viaDataApi).isEqualTo(jdbc.inTenant(acme, () -> jdbcEvents.listAfter(run, 0, 100)));
        assertThat(viaDataApi).isNotEmpty();
        assertThat(viaDataApi.getLast().seq()).isEqualTo(stored.lastEventSeq());

        RunEvent end = jdbc.inTenant(acme, () -> {
            new PostgresRunRepository(jdbc).transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.now());
            return jdbcEvents.append(run, new NewRunEvent(RunEventType.RUN_COMPLETED, Map.of(), "end")).orElseThrow();
        });
        jdbc.inTenant(acme, () -> jdbcEvents.append(run, new NewRunEvent(RunEventType.NOTIFICATION_FAILED, Map.of("channel", "slack"), "audit")));
        assertThat(tx.inTenant(acme, () -> events.head(run))).as("the terminal event's seq, with an audit event after it")
                .contains(new RunHead(run, RunStatus.COMPLETED, end.seq() + 1, end.seq()))
                .isEqualTo(jdbc.inTenant(acme, () -> jdbcReads.head(run)));

        TenantId other = new TenantId("other");
        assertThat(tx.inTenant(other, () -> events.head(run))).isEmpty();
        assertThat(tx.inTenant(other, () -> events.listAfter(run, 0, 100))).isEmpty();
        assertThat(client.openTransactions()).isZero();
    }

    @Test
    void thePollerSignalsAnAppendReadThroughTheDataApi() throws InterruptedException {
        PostgresTransactions jdbc = new PostgresTransactions(db.appDataSource());
        TenantId acme = new TenantId("acme");
        RunId run = queuedRun(jdbc, acme);
        DataApiTransactions tx = new DataApiTransactions(client, TARGET);
        try (PollingTail tail = PollingTail.start(tx, new DataApiRunEventReads(tx), Duration.ofMillis(20))) {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch afterAppend = new CountDownLatch(2);
            tail.watch(acme, run, () -> {
                first.countDown();
                afterAppend.countDown();
            });
            assertThat(first.await(5, TimeUnit.SECONDS)).as("first sight of the run").isTrue();
            jdbc.inTenant(acme, () -> new PostgresRunEventStore(jdbc).append(run,
                    new NewRunEvent("step.progress", Map.of("percent", 10, "message", "m"), UUID.randomUUID().toString())));
            assertThat(afterAppend.await(5, TimeUnit.SECONDS)).as("signal after the append").isTrue();
        }
    }
}
