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
                               @Property(name = "ait.simulate-progress") @Nullable String simulateProgress,
                               @Property(name = "ait.database.secret-arn") @Nullable String databaseSecretArn,
                               @Property(name = "ait.deployment.tenant-id") @Nullable String deploymentTenantId,
                               @Property(name = "ait.deployment.event-stream-url") @Nullable String eventStreamUrl,
                               @Property(name = "ait.deployment.stream-token-secret-arn") @Nullable String streamTokenSecretArn,
                               @Property(name = "ait.event-tail") @Nullable String eventTail,
                               @Property(name = "ait.data-api.cluster-arn") @Nullable String dataApiClusterArn,
                               @Property(name = "ait.data-api.secret-arn") @Nullable String dataApiSecretArn,
                               @Property(name = "ait.data-api.database") @Nullable String databaseName,
                               @Property(name = "ait.live-websocket") @Nullable String liveWebSocket) {
        return ApiConfig.parse(authMode, jwtTenantClaim, url, user, password, maxPoolSize, simulateProgress,
                new ApiConfig.AwsSettings(databaseSecretArn, deploymentTenantId, eventStreamUrl, streamTokenSecretArn,
                        eventTail, dataApiClusterArn, dataApiSecretArn, databaseName), liveWebSocket);
    }
}
