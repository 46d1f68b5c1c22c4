package com.aitesting.core.plan;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A resolved selection of catalog tests for one engagement: who runs what, in which order, for how long. */
public record Plan(
        PlanId id,
        TenantId tenant,
        EngagementId engagementId,
        RiskTier riskTier,
        AgentStrategy strategy,
        List<PlannedTest> tests,
        List<PlanStep> steps,
        long estimatedDurationSeconds,
        Instant createdAt) {

    public Plan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(engagementId, "engagementId");
        Objects.requireNonNull(riskTier, "riskTier");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(createdAt, "createdAt");
        tests = List.copyOf(tests);
        steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).index() != i) {
                throw new IllegalArgumentException("plan steps must be indexed 0..n-1 in order");
            }
        }
    }
}
