package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded engine's keys in LocalConfig: step pacing and the Slack notifier. */
class LocalConfigWorkflowTest {
    @Test
    void defaultsAreOneAndAHalfSecondStepsAndNoSlack() {
        LocalConfig config = LocalConfig.parse(Map.of());
        assertThat(config.simulateStep()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.notifier().defaultWebhook()).isEmpty();
        assertThat(config.notifier().publicBaseUrl()).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    void simulateStepMsSetsThePacingAndAnInvalidValueFailsTheStartNamingIt() {
        assertThat(LocalConfig.parse(Map.of("SIMULATE_STEP_MS", "50")).simulateStep()).isEqualTo(Duration.ofMillis(50));
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("SIMULATE_STEP_MS", "fast"))).hasMessageContaining("SIMULATE_STEP_MS");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("SIMULATE_STEP_MS", "-1"))).hasMessageContaining("SIMULATE_STEP_MS");
    }

    @Test
    void messageLinksFollowThePortUnlessPublicBaseUrlIsSet() {
        assertThat(LocalConfig.parse(Map.of("PORT", "9090")).notifier().publicBaseUrl()).isEqualTo(URI.create("http://localhost:9090"));
        assertThat(LocalConfig.parse(Map.of("PORT", "9090", "PUBLIC_BASE_URL", "https://ait.example.com")).notifier().publicBaseUrl())
                .isEqualTo(URI.create("https://ait.example.com"));
    }

    @Test
    void aSlackWebhookIsParsedOnceAndAPlainHttpOneOffLoopbackIsRefused() {
        assertThat(LocalConfig.parse(Map.of("SLACK_WEBHOOK", "http://127.0.0.1:9/hook", "SLACK_ALLOW_LOOPBACK_HTTP", "true"))
                .notifier().defaultWebhook()).isPresent();
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("SLACK_WEBHOOK", "http://hooks.slack.com/services/T0/B0/SECRET")))
                .hasMessageStartingWith("SLACK_WEBHOOK").hasMessageNotContaining("SECRET");
    }
}
