package com.aitesting.core.plan;

import com.aitesting.core.Timestamps;
import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.catalog.CatalogStep;
import com.aitesting.core.catalog.CatalogTest;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException.Kind;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.TargetKind;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * POST /v1/engagements/{id}/plan (and its preview). Every rule violation is a 422 naming the offending entry, all reported
 * at once: an unknown test, a test above the plan's risk tier, a plan above the engagement's risk tier,
 * a test none of whose target kinds the scope offers, and in a real deployment a test without a real executor.
 * With an Idempotency-Key ({@link IdempotentCreation}) the key is stored in the transaction that inserts the plan.
 */
public final class CreatePlan {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final PlanRepository plans;
    private final Catalog catalog;
    private final RunMode mode;
    private final IdempotentCreation idempotency;
    private final Clock clock;

    /** For a deployment that simulates its runs. */
    public CreatePlan(Transactions transactions, EngagementRepository engagements, PlanRepository plans, Catalog catalog, Clock clock) {
        this(transactions, engagements, plans, catalog, RunMode.SIMULATED, clock);
    }

    /** For callers that never send an Idempotency-Key. */
    public CreatePlan(Transactions transactions, EngagementRepository engagements, PlanRepository plans, Catalog catalog,
                      RunMode mode, Clock clock) {
        this(transactions, engagements, plans, catalog, mode, IdempotentCreation.WITHOUT_KEYS, clock);
    }

    public CreatePlan(Transactions transactions, EngagementRepository engagements, PlanRepository plans, Catalog catalog,
                      RunMode mode, IdempotentCreation idempotency, Clock clock) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.plans = plans;
        this.catalog = catalog;
        this.mode = mode;
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.clock = clock;
    }

    public Plan execute(Actor actor, CreatePlanCommand command) {
        return execute(actor, command, null).resource();
    }

    /** {@code request} null: no Idempotency-Key was sent. With one, the key is stored in the transaction that inserts the plan. */
    public IdempotentCreation.Created<Plan> execute(Actor actor, CreatePlanCommand command, IdempotentRequest request) {
        return transactions.inTenant(actor.tenant(), () -> idempotency.create(actor, request, () -> {
            Plan plan = resolve(actor, engagement(command), command);
            plans.insert(plan);
            return plan;
        }, plan -> plan.id().value(), id -> plans.find(new PlanId(id))));
    }

    /** The plan {@link #execute} would create, with the same errors, but not stored: a preview. */
    public Plan preview(Actor actor, CreatePlanCommand command) {
        return transactions.inTenant(actor.tenant(), () -> resolve(actor, engagement(command), command));
    }

    private Engagement engagement(CreatePlanCommand command) {
        return engagements.find(command.engagementId())
                .orElseThrow(() -> new NotFoundException("engagement", command.engagementId()));
    }

    /** Why a plan cannot be rated {@code planTier} on {@code scope}, if it cannot. */
    static Optional<String> tierRefusal(RiskTier planTier, Scope scope) {
        return scope.riskTier().allows(planTier)
                ? Optional.empty()
                : Optional.of("is " + planTier.wire() + ", above the engagement's risk tier " + scope.riskTier().wire());
    }

    /**
     * Why {@code test} cannot be part of a plan of {@code planTier} on {@code scope} in a deployment running in
     * {@code mode}; empty when it can. The one home of the rule: creating a plan refuses with these reasons, and
     * the plan options show them.
     */
    static List<String> refusals(CatalogTest test, RiskTier planTier, Scope scope, RunMode mode) {
        List<String> reasons = new ArrayList<>();
        mode.refusal(test).ifPresent(reasons::add);
        if (!planTier.allows(test.riskTier())) {
            reasons.add(test.id() + " is rated " + test.riskTier().wire() + ", above the plan's risk tier " + planTier.wire());
        }
        if (test.targetKinds().stream().noneMatch(scope.targetKinds()::contains)) {
            reasons.add(test.id() + " needs a target of kind "
                    + test.targetKinds().stream().map(TargetKind::wire).sorted().collect(Collectors.joining(" or "))
                    + ", which the engagement's scope lacks");
        }
        return reasons;
    }

    private Plan resolve(Actor actor, Engagement engagement, CreatePlanCommand command) {
        FieldErrors errors = new FieldErrors();
        Scope scope = engagement.scope();
        tierRefusal(command.riskTier(), scope).ifPresent(reason -> errors.add(Kind.UNPROCESSABLE, "risk_tier", reason));
        List<PlannedTest> tests = new ArrayList<>();
        List<PlanStep> steps = new ArrayList<>();
        long seconds = 0;
        for (int i = 0; i < command.selectedTests().size(); i++) {
            String field = "selected_tests[" + i + "].id";
            String id = command.selectedTests().get(i);
            CatalogTest test = catalog.find(id).orElse(null);
            if (test == null) {
                errors.add(Kind.UNPROCESSABLE, field, id + " is not in the catalog");
                continue;
            }
            refusals(test, command.riskTier(), scope, mode).forEach(reason -> errors.add(Kind.UNPROCESSABLE, field, reason));
            String agent = switch (command.strategy()) {
                case RECOMMENDED -> test.defaultAgent();
            };
            tests.add(new PlannedTest(id, agent));
            for (CatalogStep step : test.steps()) {
                steps.add(new PlanStep(steps.size(), id, step.id(), step.title(), agent, step.nominalSeconds()));
                seconds += step.nominalSeconds();
            }
        }
        errors.throwIfAny();
        return new Plan(PlanId.random(), actor.tenant(), engagement.id(), command.riskTier(), command.strategy(),
                tests, steps, seconds, Timestamps.now(clock));
    }
}
