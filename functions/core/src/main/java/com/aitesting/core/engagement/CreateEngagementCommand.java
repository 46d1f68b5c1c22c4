package com.aitesting.core.engagement;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.ScopeLimits;
import java.util.Objects;

/**
 * Body of POST /v1/engagements. {@code tenantId} is kept as sent: the use case compares it with the
 * caller's tenant (a 422 on tenant_id when they differ). {@code authorizationReference}: the optional
 * {@code authorization.reference}, null when the engagement is declared without one. A scope wider than
 * {@link ScopeLimits} allows is a 422 unless {@code allowLargeScope}.
 */
public record CreateEngagementCommand(String name, String tenantId, EngagementType type, Scope scope,
                                      String authorizationReference, boolean allowLargeScope) {
    public CreateEngagementCommand {
        name = EngagementName.checkNew(name);
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        authorizationReference = authorizationReference == null ? null : EngagementAuthorization.checkReference(authorizationReference);
        FieldErrors errors = new FieldErrors();
        ScopeLimits.check(scope, allowLargeScope, errors, "scope.");
        errors.throwIfAny();
    }

    public CreateEngagementCommand(String name, String tenantId, EngagementType type, Scope scope, String authorizationReference) {
        this(name, tenantId, type, scope, authorizationReference, false);
    }

    /** From the raw JSON fields (any may be null), without an authorization. */
    public static CreateEngagementCommand parse(String name, String tenantId, String type, ScopeInput scope) {
        return parse(name, tenantId, type, scope, null);
    }

    /** As below, without allow_large_scope. */
    public static CreateEngagementCommand parse(String name, String tenantId, String type, ScopeInput scope,
                                                AuthorizationInput authorization) {
        return parse(name, tenantId, type, scope, authorization, null);
    }

    /**
     * From the raw JSON fields (any may be null); every problem is reported at once under its JSON path.
     * {@code authorization} is the body's authorization object, null when absent; {@code allowLargeScope}
     * the body's allow_large_scope (null: false).
     */
    public static CreateEngagementCommand parse(String name, String tenantId, String type, ScopeInput scope,
                                                AuthorizationInput authorization, Boolean allowLargeScope) {
        FieldErrors errors = new FieldErrors();
        String checkedName = errors.at("name", () -> EngagementName.checkNew(name));
        errors.required("tenant_id", tenantId);
        EngagementType parsedType = errors.required("type", type) == null
                ? null
                : errors.at("type", () -> EngagementType.fromWire(type));
        Scope parsedScope = scope == null
                ? errors.required("scope", null)
                : errors.within("scope", () -> Scope.parse(scope));
        String reference = authorization == null
                ? null
                : errors.within("authorization", () -> EngagementAuthorization.checkReference(authorization.reference()));
        errors.throwIfAny();
        return new CreateEngagementCommand(checkedName, tenantId, parsedType, parsedScope, reference, Boolean.TRUE.equals(allowLargeScope));
    }

    /** The {@code authorization} object as the API receives it. */
    public record AuthorizationInput(String reference) {}
}
