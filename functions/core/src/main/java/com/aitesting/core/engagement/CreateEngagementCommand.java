package com.aitesting.core.engagement;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeInput;
import com.aitesting.core.scope.ScopeLimits;
import java.util.Objects;

/**
 * Body of POST /v1/engagements. {@code tenantId} is kept as sent: the use case compares it with the
 * caller's tenant (a 422 on tenant_id when they differ). A scope wider than {@link ScopeLimits} allows is
 * a 422 unless {@code allowLargeScope}.
 */
public record CreateEngagementCommand(String name, String tenantId, EngagementType type, Scope scope, boolean allowLargeScope) {
    public CreateEngagementCommand {
        name = EngagementName.check(name);
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        FieldErrors errors = new FieldErrors();
        ScopeLimits.check(scope, allowLargeScope, errors, "scope.");
        errors.throwIfAny();
    }

    public CreateEngagementCommand(String name, String tenantId, EngagementType type, Scope scope) {
        this(name, tenantId, type, scope, false);
    }

    /** From the raw JSON fields (any may be null); every problem is reported at once under its JSON path. */
    public static CreateEngagementCommand parse(String name, String tenantId, String type, ScopeInput scope) {
        return parse(name, tenantId, type, scope, null);
    }

    /** As above, with the body's allow_large_scope (null: false). */
    public static CreateEngagementCommand parse(String name, String tenantId, String type, ScopeInput scope, Boolean allowLargeScope) {
        FieldErrors errors = new FieldErrors();
        String checkedName = errors.at("name", () -> EngagementName.check(name));
        errors.required("tenant_id", tenantId);
        EngagementType parsedType = errors.required("type", type) == null
                ? null
                : errors.at("type", () -> EngagementType.fromWire(type));
        Scope parsedScope = scope == null
                ? errors.required("scope", null)
                : errors.within("scope", () -> Scope.parse(scope));
        errors.throwIfAny();
        return new CreateEngagementCommand(checkedName, tenantId, parsedType, parsedScope, Boolean.TRUE.equals(allowLargeScope));
    }
}
