package com.aitesting.aws.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivePushSettingsTest {
    @Test
    void neitherVariableMeansNobodyIsTold() {
        assertThat(LivePushSettings.fromEnvironment(Map.of())).isEmpty();
        assertThat(LivePushSettings.of(" ", "")).isEmpty();
    }

    @Test
    void bothVariablesNameTheTableAndTheStagesCallbackUrl() {
        assertThat(LivePushSettings.fromEnvironment(Map.of(LivePushSettings.LIVE_TABLE, "live-connections",
                LivePushSettings.LIVE_CALLBACK_URL, "https://abc123.execute-api.eu-west-1.amazonaws.com/live")))
                .contains(new LivePushSettings("live-connections", URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/live")));
    }

    @Test
    void oneWithoutTheOtherOrAUrlThatIsNotAbsoluteFailsTheStartWithTheNames() {
        assertThatThrownBy(() -> LivePushSettings.of("live-connections", null)).hasMessageContaining("LIVE_CALLBACK_URL");
        assertThatThrownBy(() -> LivePushSettings.of(null, "https://x/live")).hasMessageContaining("LIVE_TABLE");
        assertThatThrownBy(() -> LivePushSettings.of("t", "/live")).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> LivePushSettings.of("t", "ftp://x/live")).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> LivePushSettings.of("t", "https://bad host/")).hasMessageContaining("absolute http(s) URL");
    }
}
