package com.aitesting.bench.workflow;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresEngagementRepository;
import com.aitesting.postgres.PostgresPlanRepository;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Tenants, their engagement and two-test plan (the spec's demo: ping sweep + TCP top 1000, 6 steps), and
 * queued runs, all made through the real core use cases on the application role. Runs are created queued
 * (no execution started): the benchmark starts them itself, inside the timed region.
 */
public final class BenchFixtures {
    /** One tenant's actor with its engagement and plan. */
    public record Tenant(Actor actor, Engagement engagement, Plan plan) {
        public TenantId id() {
            return actor.tenant();
        }
    }

    public final PostgresTransactions transactions;
    public final PostgresEngagementRepository engagements;
    public final PostgresPlanRepository plans;
    public final PostgresRunRepository runs;
    public final PostgresRunEventStore events;
    private final Clock clock = Clock.systemUTC();
    private final List<Tenant> tenants = new ArrayList<>();

    public BenchFixtures(DataSource appDataSource, int tenantCount) {
        transactions = new PostgresTransactions(appDataSource);
        engagements = new PostgresEngagementRepository(transactions);
        plans = new PostgresPlanRepository(transactions);
        runs = new PostgresRunRepository(transactions);
        events = new PostgresRunEventStore(transactions);
        for (int i = 1; i <= tenantCount; i++) {
            tenants.add(tenant("t_bench_" + i));
        }
    }

    private Tenant tenant(String id) {
        Actor actor = new Actor("bench", "bench@example.com", new TenantId(id));
        Engagement engagement = new CreateEngagement(transactions, engagements, clock).execute(actor, CreateEngagementCommand.parse(
                "Bench Net", id, "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of("10.0.0.0/26"), "safe_active", List.of())));
        Plan plan = new CreatePlan(transactions, engagements, plans, Catalog.load(), clock).execute(actor, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"), "recommended", "safe_active"));
        return new Tenant(actor, engagement, plan);
    }

    public List<Tenant> tenants() {
        return tenants;
    }

    /** {@code count} queued runs, spread round-robin over the tenants. */
    public List<Run> queuedRuns(int count) {
        StartRun start = new StartRun(transactions, engagements, plans, runs, events, null, false, clock);
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Tenant t = tenants.get(i % tenants.size());
            out.add(start.execute(t.actor(), new StartRunCommand(t.engagement().id(), t.plan().id())));
        }
        return out;
    }

    public Run find(Run run) {
        return transactions.inTenant(run.tenant(), () -> runs.find(run.id())).orElseThrow();
    }

    public List<RunEvent> events(TenantId tenant, RunId run) {
        return transactions.inTenant(tenant, () -> events.listAfter(run, 0, 100_000));
    }
}
