package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantEnvironmentConfigTest {

    private static final Map<String, Object> REQUIRED = Map.of(
            "tenantId", "acme", "jwtIssuer", "https://auth.example.com/", "jwtAudience", "ai-testing-api");

    @Test
    void onlyTenantIssuerAndAudienceAreRequiredEverythingElseHasADefault() {
        TenantEnvironmentConfig config = TenantEnvironmentConfig.fromContext(REQUIRED::get);

        assertThat(config.environmentName()).isEqualTo("dev");
        assertThat(config.tenantClaim()).isEqualTo("tenant_id");
        assertThat(config.jwtJwksUrl()).as("the issuer's well-known JWKS").isEqualTo("https://auth.example.com/.well-known/jwks.json");
        assertThat(config.auroraMinAcu()).isEqualTo(0.5);
        assertThat(config.auroraMaxAcu()).isEqualTo(4);
        assertThat(config.lambdaMemoryMb()).isEqualTo(1024);
        assertThat(config.lwaLayerVersion()).isEqualTo(27);
        assertThat(config.logRetentionDays()).isEqualTo(30);
        assertThat(config.natGateways()).isEqualTo(1);
        assertThat(config.deletionProtection()).isTrue();
        assertThat(config.tracing()).as("X-Ray on by default").isTrue();
        assertThat(config.vpcFlowLogs()).isTrue();
        assertThat(config.limits()).isEqualTo(new PublicLimits(50, 100, 50, 100, 50, 20, 50));
        assertThat(config.secretRotationDays()).isEqualTo(30);
        assertThat(config.slackWebhookSecret()).isEmpty();
        assertThat(config.alarmTopicArn()).isEmpty();
        assertThat(config.publicBaseUrl()).isEmpty();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.account()).isEmpty();
        assertThat(config.region()).isEmpty();
        assertThat(config.stateMachineFile()).isEqualTo(Path.of("../statemachines/run.asl.json"));
        assertThat(config.migrationsDir()).isEqualTo(Path.of("../migrations"));
        assertThat(config.artifactsDir()).isEqualTo(Path.of(".."));
    }

    @Test
    void theJwksUrlMayBeGivenAndMustBeHttps() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.put("jwtJwksUrl", "https://keys.example.com/jwks");
        assertThat(TenantEnvironmentConfig.fromContext(context::get).jwtJwksUrl()).isEqualTo("https://keys.example.com/jwks");
        context.put("jwtJwksUrl", "http://keys.example.com/jwks");
        assertThatThrownBy(() -> TenantEnvironmentConfig.fromContext(context::get)).hasMessageContaining("jwtJwksUrl must be an https URL");
    }

    @Test
    void missingTenantIdNamesTheContextKey() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.remove("tenantId");

        assertThatThrownBy(() -> TenantEnvironmentConfig.fromContext(context::get))
                .hasMessageContaining("-c tenantId=");
    }

    @Test
    void commandLineStringsAndCdkJsonValuesParseAlike() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.putAll(Map.of("jwtAudience", List.of("web", "cli"), "auroraMaxAcu", 8, "tracing", true,
                "allowedOrigins", "https://a.example.com, https://b.example.com", "auroraMinAcu", "0"));

        TenantEnvironmentConfig config = TenantEnvironmentConfig.fromContext(context::get);

        assertThat(config.jwtAudience()).containsExactly("web", "cli");
        assertThat(config.auroraMaxAcu()).isEqualTo(8);
        assertThat(config.auroraMinAcu()).isZero();
        assertThat(config.tracing()).isTrue();
        assertThat(config.allowedOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
    }

    @Test
    void thePublicLimitsAreContextValues() {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.putAll(Map.of("apiThrottleRateLimit", "10", "apiThrottleBurstLimit", 20, "liveThrottleRateLimit", "5.5",
                "liveThrottleBurstLimit", "11", "sseReservedConcurrency", 7, "liveAuthorizerReservedConcurrency", "3",
                "liveRoutesReservedConcurrency", "4"));
        assertThat(TenantEnvironmentConfig.fromContext(context::get).limits()).isEqualTo(new PublicLimits(10, 20, 5.5, 11, 7, 3, 4));
    }

    @Test
    void rejectsValuesThatWouldOnlyFailAtDeployTime() {
        assertRejected("jwtIssuer", "http://auth.example.com/", "https URL");
        assertRejected("auroraMinAcu", "8", "auroraMinAcu <= auroraMaxAcu");
        assertRejected("environmentName", "Prod_1", "environmentName");
        assertRejected("logRetentionDays", "10", "logRetentionDays must be one of");
        assertRejected("lambdaMemoryMb", "lots", "must be a number");
        assertRejected("tracing", "yes", "true or false");
        assertRejected("liveThrottleRateLimit", "0", "liveThrottleRateLimit");
        assertRejected("liveThrottleBurstLimit", "0", "liveThrottleBurstLimit");
        // reserved concurrency 0 is a function that never runs
        assertRejected("sseReservedConcurrency", "0", "sseReservedConcurrency");
        assertRejected("liveAuthorizerReservedConcurrency", "0", "liveAuthorizerReservedConcurrency");
        assertRejected("liveRoutesReservedConcurrency", "0", "liveRoutesReservedConcurrency");
    }

    private static void assertRejected(String key, String value, String message) {
        Map<String, Object> context = new HashMap<>(REQUIRED);
        context.put(key, value);
        assertThatThrownBy(() -> TenantEnvironmentConfig.fromContext(context::get))
                .as(key + "=" + value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
