package com.aitesting.api.web.json;

import com.aitesting.core.engagement.EngagementAuthorization;
import io.swagger.v3.oas.annotations.media.Schema;

/** An engagement's current authorization to be tested for real: the reference as given, who recorded it and when. */
@Schema(name = "Authorization")
public record AuthorizationJson(
        @Schema(description = "The ticket or contract id that authorizes the testing", example = "SEC-4711") String reference,
        @Schema(description = "The user who recorded it (from the credentials)") String recordedBy,
        @Schema(format = "date-time", description = "When the server recorded it") String recordedAt) {

    public static AuthorizationJson of(EngagementAuthorization a) {
        return a == null ? null : new AuthorizationJson(a.reference(), a.recordedBy(), a.recordedAt().toString());
    }
}
