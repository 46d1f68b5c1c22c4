package com.aitesting.api.ws.lambda;

import com.aitesting.api.auth.JwtSettings;
import com.aitesting.api.auth.JwtVerifier;
import com.aitesting.aws.dataapi.DataApiClients;
import com.aitesting.aws.dataapi.DataApiTarget;
import com.aitesting.aws.dataapi.DataApiTransactions;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.aws.secrets.LazySecret;
import com.aitesting.aws.secrets.SecretsManagerReader;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The WebSocket functions' settings, read once from the environment infra-cdk's LiveProgressApi sets:
 * the routes' LIVE_TABLE and LIVE_CALLBACK_URL (the stage's management endpoint, {@link LivePushSettings}) and
 * Data API target (DATA_API_CLUSTER_ARN, DATA_API_SECRET_ARN, DATABASE_NAME);
 * the authorizer's STREAM_TOKEN_SECRET_ARN, DEPLOYMENT_TENANT_ID and the API's JWT variables (JWT_ISSUER,
 * JWT_AUDIENCE, JWT_JWKS_URL, JWT_ALGORITHMS, JWT_TENANT_CLAIM). Missing settings fail the first invocation with their names.
 */
record LiveEnvironment(LivePushSettings push, DataApiTarget dataApi) {

    static LiveEnvironment from(Map<String, String> env) {
        LivePushSettings push = LivePushSettings.fromEnvironment(env).orElseThrow(() -> new IllegalStateException(
                LivePushSettings.LIVE_TABLE + " and " + LivePushSettings.LIVE_CALLBACK_URL + " are required"));
        return new LiveEnvironment(push, new DataApiTarget(required(env, "DATA_API_CLUSTER_ARN"), required(env, "DATA_API_SECRET_ARN"), required(env, "DATABASE_NAME")));
    }

    static Optional<TenantId> deploymentTenant(Map<String, String> env) {
        return Optional.ofNullable(env.get("DEPLOYMENT_TENANT_ID")).filter(s -> !s.isBlank()).map(TenantId::new);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is required");
        }
        return value;
    }

    /**
     * The authorizer's check of {@code ?token=}: the API's verifier with the API's variables and rules
     * ({@link JwtSettings#parse}); empty when none of JWT_ISSUER, JWT_AUDIENCE, JWT_JWKS_URL is set
     * (then only stream tokens connect), a start failure naming the variable when only some are.
     */
    static Optional<JwtVerifier> jwtVerifier(Map<String, String> env) {
        if (Stream.of("JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URL").allMatch(name -> env.getOrDefault(name, "").isBlank())) {
            return Optional.empty();
        }
        return Optional.of(new JwtVerifier(JwtSettings.parse(null, env.get("JWT_ISSUER"), env.get("JWT_AUDIENCE"),
                env.get("JWT_JWKS_URL"), env.get("JWT_ALGORITHMS"))));
    }

    /** JWT_TENANT_CLAIM, as the API reads it (default {@code tenant_id}). */
    static String tenantClaim(Map<String, String> env) {
        String claim = env.get("JWT_TENANT_CLAIM");
        return claim == null || claim.isBlank() ? "tenant_id" : claim.trim();
    }

    /** The authorizer's part: the key the API signs stream tokens with (read at the first token). */
    static StreamTokens streamTokens(Map<String, String> env) {
        SecretsManagerReader secrets = new SecretsManagerReader();
        LazySecret<byte[]> key = LazySecret.of(secrets, required(env, "STREAM_TOKEN_SECRET_ARN"),
                v -> v.trim().getBytes(StandardCharsets.UTF_8));
        return new StreamTokens(key, Duration.ofSeconds(300), Clock.systemUTC()); // only checks here: the TTL is the issuer's
    }

    DynamoDbLiveConnections connections() {
        return new DynamoDbLiveConnections(DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build(), push.table());
    }

    DataApiTransactions transactions() {
        return new DataApiTransactions(DataApiClients.create(), Objects.requireNonNull(dataApi));
    }
}
