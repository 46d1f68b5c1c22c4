package com.aitesting.core.engagement;

import com.aitesting.core.scope.Scope;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's declared testing engagement: the scope every plan and run of it must stay within.
 * {@code authorization} is the current recorded permission to test it for real, or null when none is recorded.
 */
public record Engagement(
        EngagementId id,
        TenantId tenant,
        String name,
        EngagementType type,
        Scope scope,
        Instant createdAt,
        String createdBy,
        EngagementAuthorization authorization) {

    public Engagement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        name = EngagementName.check(name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    public Optional<EngagementAuthorization> currentAuthorization() {
        return Optional.ofNullable(authorization);
    }

    public Engagement withAuthorization(EngagementAuthorization current) {
        return new Engagement(id, tenant, name, type, scope, createdAt, createdBy, Objects.requireNonNull(current, "current"));
    }
}
