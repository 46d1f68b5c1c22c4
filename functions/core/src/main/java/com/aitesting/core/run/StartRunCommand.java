package com.aitesting.core.run;

import com.aitesting.core.Uuids;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.plan.PlanId;
import java.util.Objects;
import java.util.UUID;

/** Body of POST /v1/tests: {@code {"engagement_id": "...", "plan_id": "..."}}. */
public record StartRunCommand(EngagementId engagementId, PlanId planId) {
    public StartRunCommand {
        Objects.requireNonNull(engagementId, "engagementId");
        Objects.requireNonNull(planId, "planId");
    }

    /** From the raw JSON fields; a missing or non-UUID id is a 400 on its field (a body is not a URL). */
    public static StartRunCommand parse(String engagementId, String planId) {
        FieldErrors errors = new FieldErrors();
        UUID engagement = errors.required("engagement_id", engagementId) == null ? null : errors.at("engagement_id", () -> uuid(engagementId));
        UUID plan = errors.required("plan_id", planId) == null ? null : errors.at("plan_id", () -> uuid(planId));
        errors.throwIfAny();
        return new StartRunCommand(new EngagementId(engagement), new PlanId(plan));
    }

    private static UUID uuid(String text) {
        try {
            return Uuids.parse(text);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("id", "must be a UUID");
        }
    }
}
