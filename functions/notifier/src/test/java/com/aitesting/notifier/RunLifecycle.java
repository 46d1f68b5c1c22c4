package com.aitesting.notifier;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanStep;
import static com.aitesting.core.run.RunLifecycle.ACTIVE;

import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
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
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real runs in the database: created through the v1 use cases (engagement, plan, StartRun), then moved
 * through their lifecycle with the same repository calls and event payloads the workflow's use cases make
 * (conditional status change plus its event, in one tenant transaction).
 */
final class RunLifecycle {
    private final PostgresTransactions tx;
    private final PostgresEngagementRepository engagements;
    private final PostgresPlanRepository plans;
    private final PostgresRunRepository runs;
    private final PostgresRunEventStore events;
    private final Clock clock = Clock.systemUTC();
    private final Catalog catalog = Catalog.load();

    RunLifecycle(PostgresTransactions tx) {
        this.tx = tx;
        engagements = new PostgresEngagementRepository(tx);
        plans = new PostgresPlanRepository(tx);
        runs = new PostgresRunRepository(tx);
        events = new PostgresRunEventStore(tx);
    }

    static Actor actor(String tenant) {
        return new Actor("yered", "yered@example.com", new TenantId(tenant));
    }

    /** A queued run of the spec's two-test demo plan. */
    Run queued(Actor actor) {
        Engagement engagement = new CreateEngagement(tx, engagements, clock).execute(actor, CreateEngagementCommand.parse(
                "Demo Net", actor.tenant().value(), "network",
                new ScopeInput(List.of("example.com"), List.of("10.0.0.0/24"), List.of(), "safe_active", List.of())));
        Plan plan = new CreatePlan(tx, engagements, plans, catalog, clock).execute(actor, CreatePlanCommand.parse(
                engagement.id(), List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000"),
                "recommended", "safe_active"));
        return new StartRun(tx, engagements, plans, runs, events, null, false, clock)
                .execute(actor, new StartRunCommand(engagement.id(), plan.id()));
    }

    Run running(Actor actor) {
        Run run = queued(actor);
        tx.inTenant(actor.tenant(), () -> {
            runs.transition(run.id(), EnumSet.of(RunStatus.QUEUED), RunStatus.RUNNING, Instant.now()).orElseThrow();
            append(run.id(), RunEventType.RUN_STARTED, Map.of("total_steps", run.totalSteps()), RunEventType.RUN_STARTED);
        });
        return find(actor, run.id());
    }

    /** Runs every planned step with the given result summaries (one per step, in order). */
    Run stepsDone(Actor actor, Run run, List<Object> summaries) {
        Plan plan = tx.inTenant(actor.tenant(), () -> plans.find(run.planId()).orElseThrow());
        for (int i = 0; i < summaries.size(); i++) {
            PlanStep step = plan.steps().get(i);
            int index = i;
            tx.inTenant(actor.tenant(), () -> {
                Map<String, Object> started = Map.of("step_index", index, "test_id", step.testId(), "title", step.title());
                append(run.id(), RunEventType.STEP_STARTED, started, RunEventType.STEP_STARTED + ":" + index);
                Map<String, Object> completed = new LinkedHashMap<>(started);
                completed.put("summary", summaries.get(index));
                append(run.id(), RunEventType.STEP_COMPLETED, completed, RunEventType.STEP_COMPLETED + ":" + index);
                int done = index + 1;
                runs.recordProgress(run.id(), new RunProgress(done, done < run.totalSteps() ? done : null, done * 100 / run.totalSteps()))
                        .orElseThrow();
            });
        }
        return find(actor, run.id());
    }

    Run completed(Actor actor, Run run) {
        tx.inTenant(actor.tenant(), () -> {
            runs.transition(run.id(), EnumSet.of(RunStatus.RUNNING), RunStatus.COMPLETED, Instant.now()).orElseThrow();
            append(run.id(), RunEventType.RUN_COMPLETED, Map.of(), RunEventType.RUN_COMPLETED);
        });
        return find(actor, run.id());
    }

    Run failed(Actor actor, Run run, String reason) {
        tx.inTenant(actor.tenant(), () -> {
            runs.fail(run.id(), ACTIVE, reason, Instant.now()).orElseThrow();
            append(run.id(), RunEventType.RUN_FAILED, Map.of("reason", reason), RunEventType.RUN_FAILED);
        });
        return find(actor, run.id());
    }

    Run aborted(Actor actor, Run run, Actor by) {
        tx.inTenant(actor.tenant(), () -> {
            runs.transition(run.id(), ACTIVE, RunStatus.ABORTED, Instant.now()).orElseThrow();
            append(run.id(), RunEventType.RUN_ABORTED, Map.of("actor", Map.of("user", by.user(), "email", by.email())),
                    RunEventType.RUN_ABORTED);
        });
        return find(actor, run.id());
    }

    Run find(Actor actor, RunId id) {
        return tx.inTenant(actor.tenant(), () -> runs.find(id).orElseThrow());
    }

    List<RunEvent> events(Actor actor, RunId id) {
        return tx.inTenant(actor.tenant(), () -> events.listAfter(id, 0, 10_000));
    }

    private void append(RunId run, String type, Map<String, Object> payload, String key) {
        events.append(run, new NewRunEvent(type, payload, key)).orElseThrow();
    }
}
