package com.aitesting.core.plan;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException.Kind;
import com.aitesting.core.scope.RiskTier;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Body of POST /v1/engagements/{id}/plan: {@code {"selected_tests":[{"id":...}], "agents":{"strategy":...},
 * "risk_tier":...}}. {@code selectedTests} holds the ids in the order given, which is the run order.
 */
public record CreatePlanCommand(EngagementId engagementId, List<String> selectedTests, AgentStrategy strategy, RiskTier riskTier) {
    public CreatePlanCommand {
        Objects.requireNonNull(engagementId, "engagementId");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(riskTier, "riskTier");
        selectedTests = List.copyOf(selectedTests);
        FieldErrors errors = new FieldErrors();
        if (selectedTests.isEmpty()) {
            errors.add(Kind.UNPROCESSABLE, "selected_tests", "must select at least one test");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < selectedTests.size(); i++) {
            if (!seen.add(selectedTests.get(i))) {
                errors.add(Kind.UNPROCESSABLE, "selected_tests[" + i + "].id", "selects " + selectedTests.get(i) + " a second time");
            }
        }
        errors.throwIfAny();
    }

    /**
     * From the raw JSON fields (any may be null; {@code selectedTestIds} are the {@code id}s of
     * selected_tests in order). The engagement id comes from the URL and is parsed by the caller.
     */
    public static CreatePlanCommand parse(EngagementId engagementId, List<String> selectedTestIds, String strategy, String riskTier) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("selected_tests", selectedTestIds) != null) {
            for (int i = 0; i < selectedTestIds.size(); i++) {
                String id = selectedTestIds.get(i);
                if (id == null || id.isBlank()) {
                    errors.add(Kind.VALIDATION, "selected_tests[" + i + "].id", "is required");
                }
            }
        }
        AgentStrategy parsedStrategy = errors.required("agents.strategy", strategy) == null
                ? null
                : errors.at("agents.strategy", () -> AgentStrategy.fromWire(strategy));
        RiskTier parsedTier = errors.required("risk_tier", riskTier) == null
                ? null
                : errors.at("risk_tier", () -> RiskTier.fromWire(riskTier));
        errors.throwIfAny();
        return new CreatePlanCommand(engagementId, selectedTestIds, parsedStrategy, parsedTier);
    }
}
