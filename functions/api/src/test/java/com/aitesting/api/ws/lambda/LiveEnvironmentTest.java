package com.aitesting.api.ws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveEnvironmentTest {
    private static final Map<String, String> ROUTES = Map.of(
            "LIVE_TABLE", "live-connections",
            "LIVE_CALLBACK_URL", "https://abc123.execute-api.eu-west-1.amazonaws.com/live",
            "DATA_API_CLUSTER_ARN", "arn:aws:rds:eu-west-1:1:cluster:c",
            "DATA_API_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:s",
            "DATABASE_NAME", "aitesting");

    @Test
    void theRoutesAnswerThroughTheConfiguredStageEndpoint() {
        LiveEnvironment env = LiveEnvironment.from(ROUTES);
        assertThat(env.push().callbackUrl()).isEqualTo(URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/live"));
        assertThat(env.push().table()).isEqualTo("live-connections");
    }

    @Test
    void withoutTheCallbackUrlTheRoutesDoNotStartAndNameIt() {
        Map<String, String> env = new HashMap<>(ROUTES);
        env.remove("LIVE_CALLBACK_URL");
        assertThatThrownBy(() -> LiveEnvironment.from(env)).hasMessageContaining("LIVE_CALLBACK_URL");
        env.remove("LIVE_TABLE");
        assertThatThrownBy(() -> LiveEnvironment.from(env)).hasMessageContaining("LIVE_CALLBACK_URL").hasMessageContaining("LIVE_TABLE");
    }
}
