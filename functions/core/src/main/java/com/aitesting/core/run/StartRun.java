package com.aitesting.core.run;

import com.aitesting.core.Timestamps;
import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * POST /v1/tests. Creates the queued run and its run.queued event (seq 1) in one transaction. Then, when
 * {@code startExecutions} is on (SIMULATE_PROGRESS), starts its workflow execution OUTSIDE that
 * transaction (a remote call must not hold a database transaction open, and the execution must find the
 * run committed) and records the execution id. If the engine refuses, the run is marked failed with
 * run.failed: it is never left silently queued. In a REAL deployment the run must also pass {@link RunMode#checkStartable}
 * (authorization recorded, only executable tests); in either mode it must be inside a testing window. With an
 * Idempotency-Key ({@link IdempotentCreation}) the key is stored in the transaction that queues the run, and a
 * replay returns the queued run as it is now without starting anything.
 */
public final class StartRun {
    private static final System.Logger LOG = System.getLogger(StartRun.class.getName());
    static final String LAUNCH_FAILED = RunFailure.NOT_LAUNCHED.sentence();

    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final PlanRepository plans;
    private final RunRepository runs;
    private final RunEventStore events;
    private final WorkflowEngine workflow;
    private final boolean startExecutions;
    private final RunMode mode;
    private final Catalog catalog;
    private final IdempotentCreation idempotency;
    private final Clock clock;

    /** For a deployment that simulates its runs; {@code workflow} may be null only when {@code startExecutions} is false. */
    public StartRun(Transactions transactions, EngagementRepository engagements, PlanRepository plans, RunRepository runs,
                    RunEventStore events, WorkflowEngine workflow, boolean startExecutions, Clock clock) {
        this(transactions, engagements, plans, runs, events, workflow, startExecutions, RunMode.SIMULATED, null, clock);
    }

    /**
     * {@code workflow} may be null only when {@code startExecutions} is false (runs stay queued); {@code catalog}
     * only in SIMULATED mode (a real run checks its tests against it).
     */
    public StartRun(Transactions transactions, EngagementRepository engagements, PlanRepository plans, RunRepository runs,
                    RunEventStore events, WorkflowEngine workflow, boolean startExecutions, RunMode mode, Catalog catalog,
                    Clock clock) {
        this(transactions, engagements, plans, runs, events, workflow, startExecutions, mode, catalog,
                IdempotentCreation.WITHOUT_KEYS, clock);
    }

    public StartRun(Transactions transactions, EngagementRepository engagements, PlanRepository plans, RunRepository runs,
                    RunEventStore events, WorkflowEngine workflow, boolean startExecutions, RunMode mode, Catalog catalog,
                    IdempotentCreation idempotency, Clock clock) {
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.catalog = mode == RunMode.REAL ? Objects.requireNonNull(catalog, "catalog") : catalog;
        this.transactions = transactions;
        this.engagements = engagements;
        this.plans = plans;
        this.runs = runs;
        this.events = events;
        this.workflow = startExecutions ? Objects.requireNonNull(workflow, "workflow") : workflow;
        this.startExecutions = startExecutions;
        this.clock = clock;
    }

    public Run execute(Actor actor, StartRunCommand command) {
        return execute(actor, command, null).resource();
    }

    /** {@code request} null: no Idempotency-Key was sent. */
    public IdempotentCreation.Created<Run> execute(Actor actor, StartRunCommand command, IdempotentRequest request) {
        IdempotentCreation.Created<Run> created = transactions.inTenant(actor.tenant(), () -> idempotency.create(actor,
                request, () -> queue(actor, command), run -> run.id().value(), id -> runs.find(new RunId(id))));
        // a replay's run was launched (or marked failed) by the request that queued it
        return created.replayed() ? created : new IdempotentCreation.Created<>(launch(actor, created.resource()), false);
    }

    private Run launch(Actor actor, Run run) {
        if (!startExecutions) {
            return run;
        }
        try {
            String executionId = workflow.startRun(actor.tenant(), run.id());
            return transactions.inTenant(actor.tenant(), () -> runs.recordExecution(run.id(), executionId)).orElse(run);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the workflow engine did not accept run " + run.id() + "; it is marked failed", e);
            return transactions.inTenant(actor.tenant(), () -> markNotStarted(run));
        }
    }

    private Run queue(Actor actor, StartRunCommand command) {
        Engagement engagement = engagements.find(command.engagementId())
                .orElseThrow(() -> new NotFoundException("engagement", command.engagementId()));
        Plan plan = plans.find(command.planId())
                .orElseThrow(() -> new NotFoundException("plan", command.planId()));
        if (!plan.engagementId().equals(engagement.id())) {
            throw InvalidInputException.unprocessable("plan_id", "belongs to another engagement");
        }
        mode.checkStartable(engagement, plan, catalog);
        Instant now = Timestamps.now(clock);
        if (!engagement.scope().windows().isOpen(now)) {
            Map<String, Object> details = new LinkedHashMap<>();
            Optional<Instant> next = engagement.scope().windows().nextOpening(now);
            next.ifPresent(at -> details.put("next_window_opens_at", at.toString()));
            throw new ConflictException("outside-testing-window",
                    next.map(at -> "Testing is not allowed now; the next testing window opens at " + at + ".")
                            .orElse("Testing is not allowed now, and none of the engagement's testing windows opens again."),
                    details);
        }
        Run run = Run.queued(RunId.random(), actor.tenant(), engagement.id(), plan.id(), mode, plan.steps().size(), now);
        runs.insert(run);
        events.append(run.id(), new NewRunEvent(RunLifecycle.CREATED_EVENT,
                Map.of("plan_id", plan.id().toString(), "total_steps", plan.steps().size()), RunLifecycle.CREATED_EVENT));
        return runs.find(run.id()).orElseThrow();
    }

    /** The engine may still have started it (a timeout after acceptance): then the run left queued and stays as it is. */
    private Run markNotStarted(Run run) {
        RunLifecycle.Transition notLaunched = RunLifecycle.Transition.NOT_LAUNCHED;
        Optional<Run> failed = runs.fail(run.id(), notLaunched.from(), LAUNCH_FAILED, Timestamps.now(clock));
        failed.ifPresent(f -> events.append(run.id(),
                new NewRunEvent(notLaunched.event(), RunFailure.NOT_LAUNCHED.payload(null), notLaunched.key(f))));
        return runs.find(run.id()).orElseThrow();
    }
}
