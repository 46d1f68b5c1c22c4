package com.aitesting.core.engagement;

import com.aitesting.core.scope.Scope;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's declared testing engagement: the scope every plan and run of it must stay within.
 * {@code allowLargeScope}: the customer said the scope may exceed {@link com.aitesting.core.scope.ScopeLimits}.
 */
public record Engagement(
        EngagementId id,
        TenantId tenant,
        String name,
        EngagementType type,
        Scope scope,
        Instant createdAt,
        String createdBy,
        boolean allowLargeScope) {

    public Engagement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        name = EngagementName.check(name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
