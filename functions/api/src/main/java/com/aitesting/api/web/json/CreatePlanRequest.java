package com.aitesting.api.web.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** POST /v1/engagements/{id}/plan: the body of spec/batch4-live-progress.md. The order of selected_tests is the run order. */
@Schema(name = "CreatePlan", requiredProperties = {"selected_tests", "agents", "risk_tier"})
public record CreatePlanRequest(
        List<SelectedTest> selectedTests,
        Agents agents,
        @Schema(allowableValues = {"passive", "safe_active", "active", "intrusive"}, example = "safe_active") String riskTier) {

    @Schema(name = "SelectedTest", requiredProperties = "id")
    public record SelectedTest(@Schema(example = "network.discovery.ping_sweep") String id) {}

    @Schema(name = "Agents", requiredProperties = "strategy")
    public record Agents(@Schema(allowableValues = "recommended", example = "recommended") String strategy) {}

    /** The test ids in order; a null entry stays null so the command reports it under its index. */
    public List<String> selectedTestIds() {
        return selectedTests == null ? null : selectedTests.stream().map(t -> t == null ? null : t.id()).toList();
    }

    public String strategy() {
        return agents == null ? null : agents.strategy();
    }
}
