package com.aitesting.api.web.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** POST /v1/engagements. Every field is checked by the core command, all problems reported at once. */
@Schema(name = "CreateEngagement", requiredProperties = {"name", "tenant_id", "type", "scope"})
public record CreateEngagementRequest(
        @Schema(example = "Demo Net") String name,
        @Schema(description = "Must equal the caller's tenant", example = "t_demo") String tenantId,
        @Schema(allowableValues = {"network", "web", "cloud", "mixed"}, example = "network") String type,
        ScopeJson scope,
        @Schema(description = "Optional: the recorded permission to test for real; a real run needs one", nullable = true)
        AuthorizationRequest authorization) {}
