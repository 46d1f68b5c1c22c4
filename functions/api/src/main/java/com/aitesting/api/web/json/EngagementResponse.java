package com.aitesting.api.web.json;

import com.aitesting.core.engagement.Engagement;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(name = "Engagement")
public record EngagementResponse(
        @Schema(format = "uuid") String id,
        String tenantId,
        String name,
        @Schema(allowableValues = {"network", "web", "cloud", "mixed"}) String type,
        ScopeJson scope,
        @Schema(format = "date-time") String createdAt,
        String createdBy,
        @Schema(description = "The current authorization for real runs; null when none is recorded", nullable = true)
        AuthorizationJson authorization) {

    public static EngagementResponse of(Engagement e) {
        return new EngagementResponse(e.id().toString(), e.tenant().value(), e.name(), e.type().wire(),
                ScopeJson.of(e.scope()), e.createdAt().toString(), e.createdBy(),
                AuthorizationJson.of(e.currentAuthorization().orElse(null)));
    }
}
