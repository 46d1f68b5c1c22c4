package com.aitesting.core.port;

import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanId;
import java.util.Optional;

/** Table plans. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. */
public interface PlanRepository {
    void insert(Plan plan);

    Optional<Plan> find(PlanId id);
}
