package com.aitesting.api.config;

/** Bound settings as a test writes them: what application.yml would bind from the variables (null = unset). */
public final class TestSettings {
    private TestSettings() {}

    /** AUTH_MODE, JWT_TENANT_CLAIM, DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_MAX_POOL_SIZE, SIMULATE_PROGRESS. */
    public static ApiProperties of(String authMode, String jwtTenantClaim, String databaseUrl, String databaseUser,
                                   String databasePassword, String maxPoolSize, String simulateProgress) {
        ApiProperties settings = new ApiProperties();
        settings.setAuthMode(authMode);
        settings.setJwtTenantClaim(jwtTenantClaim);
        settings.setSimulateProgress(simulateProgress);
        settings.getDatabase().setUrl(databaseUrl);
        settings.getDatabase().setUser(databaseUser);
        settings.getDatabase().setPassword(databasePassword);
        settings.getDatabase().setMaxPoolSize(maxPoolSize);
        return settings;
    }

    /** As above, with the AWS deployment's variables. */
    public static ApiProperties of(String authMode, String jwtTenantClaim, String databaseUrl, String databaseUser,
                                   String databasePassword, String maxPoolSize, String simulateProgress, Aws aws) {
        ApiProperties settings = of(authMode, jwtTenantClaim, databaseUrl, databaseUser, databasePassword, maxPoolSize, simulateProgress);
        settings.getDatabase().setSecretArn(aws.databaseSecretArn());
        settings.getDeployment().setTenantId(aws.deploymentTenantId());
        settings.getDeployment().setEventStreamUrl(aws.eventStreamUrl());
        settings.getDeployment().setStreamTokenSecretArn(aws.streamTokenSecretArn());
        settings.setEventTail(aws.eventTail());
        settings.getDataApi().setClusterArn(aws.dataApiClusterArn());
        settings.getDataApi().setSecretArn(aws.dataApiSecretArn());
        settings.getDataApi().setDatabase(aws.databaseName());
        return settings;
    }

    /** DATABASE_SECRET_ARN, DEPLOYMENT_TENANT_ID, EVENT_STREAM_URL, STREAM_TOKEN_SECRET_ARN, EVENT_TAIL, DATA_API_*, DATABASE_NAME. */
    public record Aws(String databaseSecretArn, String deploymentTenantId, String eventStreamUrl, String streamTokenSecretArn,
                      String eventTail, String dataApiClusterArn, String dataApiSecretArn, String databaseName) {}

    public static ApiConfig config(String authMode, String jwtTenantClaim, String databaseUrl, String databaseUser,
                                   String databasePassword, String maxPoolSize, String simulateProgress) {
        return ApiConfig.from(of(authMode, jwtTenantClaim, databaseUrl, databaseUser, databasePassword, maxPoolSize, simulateProgress));
    }

    public static ApiConfig config(String authMode, String jwtTenantClaim, String databaseUrl, String databaseUser,
                                   String databasePassword, String maxPoolSize, String simulateProgress, Aws aws) {
        return ApiConfig.from(of(authMode, jwtTenantClaim, databaseUrl, databaseUser, databasePassword, maxPoolSize, simulateProgress, aws));
    }
}
