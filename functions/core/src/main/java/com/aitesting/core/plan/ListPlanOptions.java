package com.aitesting.core.plan;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.catalog.CatalogTest;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.tenant.Actor;
import java.util.List;
import java.util.Objects;

/**
 * GET /v1/engagements/{id}/plan/options: every catalog test with whether a plan of this engagement may
 * select it and, if not, why (the reasons creating the plan would give). The plan's risk tier defaults
 * to the engagement's.
 */
public final class ListPlanOptions {
    public record Option(CatalogTest test, List<String> refusals) {
        public Option {
            Objects.requireNonNull(test, "test");
            refusals = List.copyOf(refusals);
        }

        public boolean selectable() {
            return refusals.isEmpty();
        }
    }

    /** {@code mode}: whether a run of this deployment simulates or executes, which the options depend on. */
    public record Options(RiskTier riskTier, RunMode mode, List<Option> tests) {}

    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final Catalog catalog;
    private final RunMode mode;

    /** For a deployment that simulates its runs. */
    public ListPlanOptions(Transactions transactions, EngagementRepository engagements, Catalog catalog) {
        this(transactions, engagements, catalog, RunMode.SIMULATED);
    }

    public ListPlanOptions(Transactions transactions, EngagementRepository engagements, Catalog catalog, RunMode mode) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.catalog = catalog;
        this.mode = mode;
    }

    /** {@code riskTier}: the plan's tier, or null for the engagement's own. */
    public Options execute(Actor actor, EngagementId id, RiskTier riskTier) {
        Engagement engagement = transactions.inTenant(actor.tenant(), () -> engagements.find(id))
                .orElseThrow(() -> new NotFoundException("engagement", id));
        RiskTier tier = riskTier == null ? engagement.scope().riskTier() : riskTier;
        CreatePlan.tierRefusal(tier, engagement.scope()).ifPresent(reason -> {
            throw InvalidInputException.unprocessable("risk_tier", reason);
        });
        return new Options(tier, mode, catalog.tests().stream()
                .map(test -> new Option(test, CreatePlan.refusals(test, tier, engagement.scope(), mode)))
                .toList());
    }
}
