package com.aitesting.postgres;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.time.Clock;
import java.util.List;

/** The spec's demo engagement, plan and queued run, created through the real use cases on one database. */
final class Fixtures {
    final PostgresTransactions transactions;
    final PostgresEngagementRepository engagements;
    final PostgresPlanRepository plans;
    final PostgresRunRepository runs;
    final PostgresRunEventStore events;
    final PostgresFindingRepository findings;
    private final Clock clock = Clock.systemUTC();
    private final Catalog catalog = Catalog.load();

    Fixtures(EmbeddedDatabase.Migrated db) {
        transactions = new PostgresTransactions(db.appDataSource());
        engagements = new PostgresEngagementRepository(transactions);
        plans = new PostgresPlanRepository(transactions);
        runs = new PostgresRunRepository(transactions);
        events = new PostgresRunEventStore(transactions);
        findings = new PostgresFindingRepository(transactions);
    }

    static Actor actor(String tenant) {
        return new Actor("yered", "yered@example.com", new TenantId(tenant));
    }

    Engagement engagement(Actor actor) {
        return new CreateEngagement(transactions, engagements, clock).execute(actor, CreateEngagementCommand.parse(
                "Demo Net", actor.tenant().value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
    }

    Plan plan(Actor actor, Engagement engagement) {
        return new CreatePlan(transactions, engagements, plans, catalog, clock).execute(actor, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"), "recommended", "safe_active"));
    }

    Run queuedRun(Actor actor) {
        return queuedRun(actor, engagement(actor));
    }

    Run queuedRun(Actor actor, Engagement engagement) {
        Plan plan = plan(actor, engagement);
        return new StartRun(transactions, engagements, plans, runs, events, null, false, clock)
                .execute(actor, new StartRunCommand(engagement.id(), plan.id()));
    }
}
