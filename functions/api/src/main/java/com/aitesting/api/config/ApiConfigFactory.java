package com.aitesting.api.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;

/** Builds {@link ApiConfig} eagerly (a {@code @Context} bean), so a bad setting stops the start. */
@Factory
public class ApiConfigFactory {

    @Context
    public ApiConfig apiConfig(@Property(name = "ait.auth-mode") @Nullable String authMode,
                               @Property(name = "ait.jwt-tenant-claim") @Nullable String jwtTenantClaim,
                               @Property(name = "ait.database.url") @Nullable String url,
                               @Property(name = "ait.database.user") @Nullable String user,
                               @Property(name = "ait.database.password") @Nullable String password,
                               @Property(name = "ait.database.max-pool-size") @Nullable String maxPoolSize,
                               @Property(name = "ait.simulate-progress") @Nullable String simulateProgress) {
        return ApiConfig.parse(authMode, jwtTenantClaim, url, user, password, maxPoolSize, simulateProgress);
    }
}
