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
}
