package com.aitesting.api.web.json;

import com.aitesting.core.plan.Plan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A plan as it would be created (POST /v1/engagements/{id}/plan/preview): nothing is stored, so no id. */
@Schema(name = "PlanPreview")
public record PlanPreviewResponse(
        @Schema(format = "uuid") String engagementId,
        String riskTier,
        PlanResponse.Agents agents,
        List<PlanResponse.Test> selectedTests,
        List<PlanResponse.Step> steps,
        long estimatedDurationSeconds) {

    public static PlanPreviewResponse of(Plan plan) {
        PlanResponse full = PlanResponse.of(plan);
        return new PlanPreviewResponse(full.engagementId(), full.riskTier(), full.agents(), full.selectedTests(),
                full.steps(), full.estimatedDurationSeconds());
    }
}
