package com.aitesting.core.error;

/**
 * A real run was asked for on an engagement that has no recorded authorization (422, problem type
 * {@code authorization-required}): nothing is probed until someone records the ticket or contract that allows it.
 */
public final class AuthorizationRequiredException extends DomainException {
    private final String engagementId;

    public AuthorizationRequiredException(Object engagementId) {
        super("Engagement " + engagementId + " has no recorded authorization, so it cannot be tested for real. Record one with"
                + " PUT /v1/engagements/" + engagementId + "/authorization {\"reference\": \"<ticket or contract id>\"}.");
        this.engagementId = String.valueOf(engagementId);
    }

    public String engagementId() {
        return engagementId;
    }
}
