package com.aitesting.postgres.tail;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.stream.RunEventSignals;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.read.PostgresRunEventReads;
import com.aitesting.postgres.PostgresTransactions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The tails against a real PostgreSQL, as the restricted application role. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenNotifyTailIT {
    static final Actor ALICE = new Actor("yered", "yered@example.com", new TenantId("t_alice"));
    static EmbeddedDatabase.Migrated db;
    static PostgresTransactions tx;
    static PostgresRunRepository runs;
    static PostgresRunEventStore events;

    @BeforeAll
    static void start() {
        db = EmbeddedDatabase.createMigrated();
        tx = new PostgresTransactions(db.appDataSource());
        runs = new PostgresRunRepository(tx);
        events = new PostgresRunEventStore(tx);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aCommittedAppendWakesOnlyTheWatchersOfItsRun() throws Exception {
        Run run = queuedRun(); // before the tail listens: their run.queued notifications are not part of this test
        Run other = queuedRun();
        try (ListenNotifyTail tail = ListenNotifyTail.start(appConnections(), Duration.ofSeconds(1))) {
            Semaphore woken = new Semaphore(0);
            Semaphore otherWoken = new Semaphore(0);
            try (RunEventSignals.Watch w = tail.watch(ALICE.tenant(), run.id(), woken::release);
                 RunEventSignals.Watch o = tail.watch(ALICE.tenant(), other.id(), otherWoken::release)) {
                append(run.id());
                assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
                assertThat(otherWoken.tryAcquire(200, TimeUnit.MILLISECONDS)).isFalse();
            }
            assertThat(tail.watchedRuns()).isZero();
        }
    }

    @Test
    void afterTheListeningConnectionIsKilledTheTailReconnectsWakesEveryWatcherAndHearsNewAppends() throws Exception {
        try (ListenNotifyTail tail = ListenNotifyTail.start(appConnections(), Duration.ofMillis(200))) {
            Run run = queuedRun();
            Semaphore woken = new Semaphore(0);
            try (RunEventSignals.Watch w = tail.watch(ALICE.tenant(), run.id(), woken::release)) {
                try (Connection su = DriverManager.getConnection(EmbeddedDatabase.serverUrl(), "postgres", "postgres");
                     Statement st = su.createStatement()) {
                    st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'it-tail'");
                }
                assertThat(woken.tryAcquire(10, TimeUnit.SECONDS)).as("woken after the reconnect").isTrue();
                woken.drainPermits();
                append(run.id());
                assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("listening again").isTrue();
            }
        }
    }

    @Test
    void thePollerWakesWatchersWhenTheirRunsHeadMovesBindingEachTenant() throws Exception {
        try (PollingTail tail = PollingTail.start(tx, new PostgresRunEventReads(tx), Duration.ofMillis(50))) {
            Run run = queuedRun();
            Semaphore woken = new Semaphore(0);
            try (RunEventSignals.Watch w = tail.watch(ALICE.tenant(), run.id(), woken::release)) {
                assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("first sight").isTrue();
                assertThat(woken.tryAcquire(300, TimeUnit.MILLISECONDS)).as("no change, no signal").isFalse();
                append(run.id());
                assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            }
            // another tenant watching this run id sees no head (RLS), so it is never woken
            Semaphore bob = new Semaphore(0);
            try (RunEventSignals.Watch w = tail.watch(new TenantId("t_bob"), run.id(), bob::release)) {
                append(run.id());
                assertThat(bob.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
            }
        }
    }

    private static void append(RunId run) {
        tx.inTenant(ALICE.tenant(), () -> events.append(run, new NewRunEvent("step.progress", Map.of("percent", 1), UUID.randomUUID().toString())));
    }

    private static ConnectionFactory appConnections() {
        return () -> {
            Properties p = new Properties();
            p.setProperty("user", db.app().user());
            p.setProperty("password", db.app().password());
            p.setProperty("ApplicationName", "it-tail");
            return DriverManager.getConnection(db.jdbcUrl(), p);
        };
    }

    private static Run queuedRun() {
        Clock clock = Clock.systemUTC();
        var engagements = new PostgresEngagementRepository(tx);
        var plans = new PostgresPlanRepository(tx);
        Engagement engagement = new CreateEngagement(tx, engagements, clock).execute(ALICE, CreateEngagementCommand.parse(
                "Demo Net", ALICE.tenant().value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
        Plan plan = new CreatePlan(tx, engagements, plans, Catalog.load(), clock).execute(ALICE, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep"), "recommended", "safe_active"));
        return new StartRun(tx, engagements, plans, runs, events, null, false, clock).execute(ALICE, new StartRunCommand(engagement.id(), plan.id()));
    }
}
