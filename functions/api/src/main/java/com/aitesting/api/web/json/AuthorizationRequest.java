package com.aitesting.api.web.json;

import io.swagger.v3.oas.annotations.media.Schema;

/** {@code {"reference": "<ticket or contract id>"}}: on POST /v1/engagements and PUT /v1/engagements/{id}/authorization. */
@Schema(name = "AuthorizationRequest", requiredProperties = {"reference"})
public record AuthorizationRequest(
        @Schema(description = "The ticket or contract id that authorizes real testing; 1-200 characters", example = "SEC-4711")
        String reference) {}
