package com.aitesting.workflow;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.control.ControlAction;
import com.aitesting.core.control.ControlOutcome;
import com.aitesting.core.control.ControlRun;
import com.aitesting.core.control.ControlRunCommand;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.port.WorkflowEngine;
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
import java.util.List;
import javax.sql.DataSource;

/** The spec's demo engagement and two-test plan (6 steps), runs started through the real use cases. */
final class RunFixtures {
    static final Actor ACTOR = new Actor("yered", "yered@example.com", new TenantId("t_demo"));

    final PostgresTransactions transactions;
    final PostgresEngagementRepository engagements;
    final PostgresPlanRepository plans;
    final PostgresRunRepository runs;
    final PostgresRunEventStore events;
    private final Clock clock = Clock.systemUTC();

    RunFixtures(DataSource appDataSource) {
        transactions = new PostgresTransactions(appDataSource);
        engagements = new PostgresEngagementRepository(transactions);
        plans = new PostgresPlanRepository(transactions);
        runs = new PostgresRunRepository(transactions);
        events = new PostgresRunEventStore(transactions);
    }

    /** A run; with an engine its execution is started, without one it stays queued. */
    Run run(WorkflowEngine engine) {
        Engagement engagement = new CreateEngagement(transactions, engagements, clock).execute(ACTOR, CreateEngagementCommand.parse(
                "Demo Net", "t_demo", "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of("10.0.0.0/26"), "safe_active", List.of())));
        Plan plan = new CreatePlan(transactions, engagements, plans, Catalog.load(), clock).execute(ACTOR, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"), "recommended", "safe_active"));
        return new StartRun(transactions, engagements, plans, runs, events, engine, engine != null, clock)
                .execute(ACTOR, new StartRunCommand(engagement.id(), plan.id()));
    }

    ControlOutcome control(WorkflowEngine engine, RunId run, ControlAction action) {
        return new ControlRun(transactions, runs, events, engine, clock).execute(ACTOR, new ControlRunCommand(run, action));
    }

    Run find(RunId run) {
        return transactions.inTenant(ACTOR.tenant(), () -> runs.find(run)).orElseThrow();
    }

    List<RunEvent> events(RunId run) {
        return transactions.inTenant(ACTOR.tenant(), () -> events.listAfter(run, 0, 10_000));
    }

    List<String> types(RunId run) {
        return events(run).stream().map(RunEvent::type).toList();
    }
}
