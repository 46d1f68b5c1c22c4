package com.aitesting.api.web.json;

import com.aitesting.core.plan.ListPlanOptions;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** GET /v1/engagements/{id}/plan/options: each catalog test, and whether this engagement's plan may select it. */
@Schema(name = "PlanOptions")
public record PlanOptionsResponse(
        @Schema(description = "The plan's risk tier the options are for", example = "safe_active") String riskTier,
        @Schema(description = "How runs of this deployment execute: simulated (SIMULATE_PROGRESS=true) or real",
                allowableValues = {"simulated", "real"}) String runMode,
        List<Option> tests) {

    @Schema(name = "PlanOption")
    public record Option(CatalogResponse.Test test, boolean selectable,
                         @Schema(description = "Why it cannot be selected: the reasons creating the plan would give")
                         List<String> reasons) {}

    public static PlanOptionsResponse of(ListPlanOptions.Options options) {
        return new PlanOptionsResponse(options.riskTier().wire(),
                options.mode().name().toLowerCase(java.util.Locale.ROOT), options.tests().stream()
                .map(o -> new Option(CatalogResponse.test(o.test()), o.selectable(), o.refusals()))
                .toList());
    }
}
