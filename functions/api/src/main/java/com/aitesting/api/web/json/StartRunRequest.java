package com.aitesting.api.web.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** POST /v1/tests. */
@Schema(name = "StartRun", requiredProperties = {"engagement_id", "plan_id"})
public record StartRunRequest(@Schema(format = "uuid") String engagementId, @Schema(format = "uuid") String planId) {}
