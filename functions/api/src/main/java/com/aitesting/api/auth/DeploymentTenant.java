package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.tenant.TenantId;
import java.util.Optional;

/**
 * A deployment on AWS serves ONE tenant (DEPLOYMENT_TENANT_ID, set by infra-cdk): credentials naming any
 * other tenant (a JWT from the shared issuer, a stream token) are refused with a 401 before anything is
 * read, even though row-level security would also keep that tenant's rows apart. Locally, unset: any tenant.
 */
public final class DeploymentTenant {
    private final Optional<TenantId> served;

    public DeploymentTenant(ApiConfig config) {
        this.served = config.deployment().tenant();
    }

    /** Returns {@code tenant} when this deployment serves it; throws {@code refusal} otherwise. */
    public TenantId admit(TenantId tenant, UnauthorizedException refusal) {
        if (served.isPresent() && !served.get().equals(tenant)) {
            throw refusal;
        }
        return tenant;
    }
}
