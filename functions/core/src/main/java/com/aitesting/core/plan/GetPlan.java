package com.aitesting.core.plan;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.PlanRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;

/** GET a plan by id. Another tenant's plan is not found. */
public final class GetPlan {
    private final Transactions transactions;
    private final PlanRepository plans;

    public GetPlan(Transactions transactions, PlanRepository plans) {
        this.transactions = transactions;
        this.plans = plans;
    }

    public Plan execute(Actor actor, PlanId id) {
        return transactions.inTenant(actor.tenant(), () -> plans.find(id))
                .orElseThrow(() -> new NotFoundException("plan", id));
    }
}
