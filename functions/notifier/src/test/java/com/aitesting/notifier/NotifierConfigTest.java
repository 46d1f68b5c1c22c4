package com.aitesting.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    @Test
    void defaultsNeedNoEnvironmentAndSendNothing() {
        NotifierConfig config = NotifierConfig.parse(Map.of());

        assertThat(config.defaultWebhook()).isEmpty();
        assertThat(config.publicBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.retry().maxAttempts()).isEqualTo(4);
        assertThat(config.settings().claimLease()).isGreaterThan(config.worstCaseDelivery());
    }

    @Test
    void toStringMasksTheWebhook() {
        NotifierConfig config = NotifierConfig.parse(
                Map.of("SLACK_WEBHOOK", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd"));

        assertThat(config.toString()).contains("https://hooks.slack.com/…abcd").doesNotContain("services");
    }

    @Test
    void badValuesStopTheStartNamingTheVariableButNotTheSecret() {
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_WEBHOOK", "http://hooks.slack.com/services/T000/SECRET")))
                .hasMessageStartingWith("SLACK_WEBHOOK").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_READ_TIMEOUT_MS", "soon")))
                .hasMessageContaining("SLACK_READ_TIMEOUT_MS");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_MAX_ATTEMPTS", "0")))
                .hasMessageContaining("SLACK_MAX_ATTEMPTS");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("PUBLIC_BASE_URL", "localhost:8080")))
                .hasMessageContaining("PUBLIC_BASE_URL");
    }

    @Test
    void theOutboundPolicyIsSlacksHostsPlusSlackAllowedHostsAndLoopbackOnlyWhenAskedAndNeverOnAws() {
        NotifierConfig plain = NotifierConfig.parse(Map.of());
        assertThat(plain.outbound().allowedHosts()).containsExactlyInAnyOrder("hooks.slack.com", "hooks.slack-gov.com");
        assertThat(plain.outbound().allowLoopback()).isFalse();
        assertThat(NotifierConfig.parse(Map.of("SLACK_ALLOWED_HOSTS", "relay.example.com")).outbound().allowedHosts())
                .contains("relay.example.com", "hooks.slack.com");

        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_WEBHOOK", "http://127.0.0.1:9/hook")))
                .hasMessageStartingWith("SLACK_WEBHOOK").hasMessageContaining("SLACK_ALLOW_LOOPBACK_HTTP");
        assertThat(NotifierConfig.parse(Map.of("SLACK_WEBHOOK", "http://127.0.0.1:9/hook", "SLACK_ALLOW_LOOPBACK_HTTP", "true"))
                .defaultWebhook()).isPresent();
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_WEBHOOK", "https://example.com/hook")))
                .hasMessageStartingWith("SLACK_WEBHOOK").hasMessageContaining("allow list");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_ALLOW_LOOPBACK_HTTP", "true",
                "AWS_LAMBDA_FUNCTION_NAME", "ait-notifier"))).hasMessageContaining("refused on AWS");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_ALLOW_LOOPBACK_HTTP", "maybe")))
                .hasMessageContaining("SLACK_ALLOW_LOOPBACK_HTTP");
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("WEBHOOK_KMS_KEY_ARN", "my-key")))
                .hasMessageContaining("WEBHOOK_KMS_KEY_ARN");
    }
}
