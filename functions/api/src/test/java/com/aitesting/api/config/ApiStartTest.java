package com.aitesting.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.aitesting.api.stream.StreamSettings;
import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.core.secret.MasterKey;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app context started with the documented variable names (application.yml maps them onto ApiProperties):
 * they bind, and a bad value stops the start with a message that names the variable and the reason.
 */
class ApiStartTest {
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:9/none"; // the pool connects at first use only

    /** Starts the app with {@code variables} (and a database URL); returns why it did not start. */
    static String startFailure(Map<String, Object> variables) {
        try (ApplicationContext context = start(variables, true)) {
            return fail("the app started with " + variables + ": " + context.getBean(ApiConfig.class));
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static ApplicationContext start(Map<String, Object> variables, boolean localKey) {
        Map<String, Object> properties = new HashMap<>(variables);
        properties.putIfAbsent("DATABASE_URL", NO_DATABASE);
        io.micronaut.context.ApplicationContextBuilder builder = ApplicationContext.builder().properties(properties);
        if (localKey) {
            builder.singletons(AesMasterKey.random()); // what the local runtime registers (its key file)
        }
        return builder.start();
    }

    @Test
    void theDocumentedVariablesBind() {
        try (ApplicationContext context = start(Map.of("AUTH_MODE", "STREAM_TOKEN", "JWT_TENANT_CLAIM", "org",
                "DATABASE_MAX_POOL_SIZE", " 7 ", "SIMULATE_PROGRESS", "off", "STREAM_KEEPALIVE_MS", "250",
                "STREAM_TOKEN_SECRET", "0123456789abcdef0123456789abcdef", "EVENT_POLL_MS", "", "SCAN_ALLOW_LOOPBACK", "yes"), true)) {
            ApiConfig config = context.getBean(ApiConfig.class);
            assertThat(config.authMode()).isEqualTo(AuthMode.STREAM_TOKEN);
            assertThat(config.jwtTenantClaim()).isEqualTo("org");
            assertThat(config.database().jdbcUrl()).isEqualTo(NO_DATABASE);
            assertThat(config.database().maxPoolSize()).isEqualTo(7);
            assertThat(config.simulateProgress()).isFalse();
            StreamSettings stream = context.getBean(StreamSettings.class);
            assertThat(stream.keepAlive()).isEqualTo(Duration.ofMillis(250));
            assertThat(stream.tokenKeyConfigured()).isTrue();
            assertThat(stream.pollInterval()).as("blank is unset").isEqualTo(Duration.ofMillis(500));
            assertThat(context.getBean(ApiProperties.class).scanAllowsLoopback()).isTrue();
        }
    }

    @Test
    void aBadValueStopsTheStartNamingTheVariableAndTheReason() {
        assertThat(startFailure(Map.of("AUTH_MODE", "basic"))).contains("AUTH_MODE must be 'dev', 'jwt' or 'stream_token'");
        assertThat(startFailure(Map.of("JWT_TENANT_CLAIM", "bad claim!"))).contains("JWT_TENANT_CLAIM must be a claim name");
        assertThat(startFailure(Map.of("DATABASE_MAX_POOL_SIZE", "101"))).contains("DATABASE_MAX_POOL_SIZE must be a whole number from 1 to 100");
        assertThat(startFailure(Map.of("DATABASE_URL", "mysql://db/x"))).contains("DATABASE_URL must start with");
        assertThat(startFailure(Map.of("DATABASE_SECRET_ARN", "app-secret"))).contains("DATABASE_SECRET_ARN must be an ARN");
        assertThat(startFailure(Map.of("SLACK_ALLOW_LOOPBACK_HTTP", "sometimes"))).contains("SLACK_ALLOW_LOOPBACK_HTTP must be true or false");
        assertThat(startFailure(Map.of("SCAN_ALLOW_LOOPBACK", "sometimes"))).contains("SCAN_ALLOW_LOOPBACK must be true or false");
        assertThat(startFailure(Map.of("STREAM_KEEPALIVE_MS", "10"))).contains("STREAM_KEEPALIVE_MS must be a whole number from 50 to 300000");
        assertThat(startFailure(Map.of("STREAM_BUFFER_EVENTS", "lots"))).contains("STREAM_BUFFER_EVENTS must be a whole number");
        assertThat(startFailure(Map.of("EVENT_POLL_MS", "5"))).contains("EVENT_POLL_MS must be a whole number from 10 to 60000");
        assertThat(startFailure(Map.of("STREAM_TOKEN_SECRET", "short"))).contains("STREAM_TOKEN_SECRET must be at least");
        assertThat(startFailure(Map.of("EVENT_TAIL", "push"))).contains("EVENT_TAIL must be");
        assertThat(startFailure(Map.of("AUTH_MODE", "jwt"))).contains("JWT_ISSUER");
        assertThat(startFailure(Map.of("LIVE_TABLE", "live"))).contains("LIVE_TABLE and LIVE_CALLBACK_URL are set together");
        assertThat(startFailure(Map.of("LIVE_TABLE", "live", "LIVE_CALLBACK_URL", "ftp://x/live"))).contains("LIVE_CALLBACK_URL must be an absolute http(s) URL");
    }

    @Test
    void aPasswordIsNeverPrintedWhenTheLoginIsAmbiguous() {
        String message = startFailure(Map.of("DATABASE_PASSWORD", "hunter2", "DATABASE_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:app"));
        assertThat(message).contains("DATABASE_SECRET_ARN").doesNotContain("hunter2");
    }

    /** On AWS the webhooks are sealed by KMS: without its key the API must not start (it used to 500 at the first PUT). */
    @Test
    void theAwsApiWithoutItsWebhookKeyDoesNotStart() {
        try (ApplicationContext context = start(Map.of(), false)) {
            fail("started without WEBHOOK_KMS_KEY_ARN: " + context.getBean(MasterKey.class));
        } catch (RuntimeException e) {
            assertThat(e.getMessage()).contains("WEBHOOK_KMS_KEY_ARN is required");
        }
        try (ApplicationContext context = start(Map.of("WEBHOOK_KMS_KEY_ARN", "arn:aws:kms:eu-west-1:123456789012:key/k"), false)) {
            assertThat(context.getBean(MasterKey.class).kind()).isEqualTo(MasterKey.KIND_AWS_KMS);
        }
        assertThat(startFailureWithoutLocalKey(Map.of("WEBHOOK_KMS_KEY_ARN", "alias/webhooks"))).contains("WEBHOOK_KMS_KEY_ARN must be an ARN");
    }

    private static String startFailureWithoutLocalKey(Map<String, Object> variables) {
        try (ApplicationContext context = start(variables, false)) {
            return fail("started with " + variables);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
