package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd",
            "https://example.org/any/receiver",
            "http://127.0.0.1:8089/hook",
            "http://127.10.20.30/hook",
            "http://localhost:9000/hook",
            "http://[::1]:9000/hook"})
    void acceptsHttpsAnywhereAndHttpOnLoopback(String url) {
        assertThat(WebhookUrl.parse(url).reveal().toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://hooks.slack.com/services/T000/B000/XXXX",
            "http://10.0.0.1/hook",
            "http://128.0.0.1/hook",
            "http://127.0.0.300/hook",
            "http://localhost.example.com/hook",
            "ftp://127.0.0.1/hook",
            "hooks.slack.com/services/T000",
            "https:///nohost",
            "https://user:pass@hooks.slack.com/services/T000",
            "https://hooks.slack.com/services/T000#frag",
            "not a url",
            " "})
    void rejectsEverythingElseAsValidationErrorOnWebhookUrl(String url) {
        assertThatThrownBy(() -> WebhookUrl.parse(url))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.VALIDATION);
                    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("webhook_url"));
                    assertThat(e.getMessage()).doesNotContain("T000");
                });
    }

    @Test
    void rejectsMissingAndOverlongUrls() {
        assertThatThrownBy(() -> WebhookUrl.parse(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> WebhookUrl.parse("https://example.org/" + "a".repeat(2100)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void maskedShowsOnlyHostAndLastFourCharacters() {
        WebhookUrl url = WebhookUrl.parse("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd");

        assertThat(url.masked()).isEqualTo("https://hooks.slack.com/…abcd");
        assertThat(url.toString()).isEqualTo(url.masked()).doesNotContain("services").doesNotContain("XXXX");
    }

    @Test
    void oneDestinationHasOneSpellingStoredAndShown() {
        for (String spelling : List.of("HTTPS://HOOKS.SLACK.COM/services/T/B/abcd", "https://hooks.slack.com:443/services/T/B/abcd",
                "https://Hooks.Slack.com:00000000000000000443/services/T/B/abcd", "https://hooks.slack.com./services/T/B/abcd")) {
            WebhookUrl url = WebhookUrl.parse(spelling);
            assertThat(url.reveal()).as(spelling).hasToString("https://hooks.slack.com/services/T/B/abcd");
            assertThat(url.masked()).as(spelling).isEqualTo("https://hooks.slack.com/…abcd");
        }
        // the path is the secret and stays exactly as sent, escapes and case included
        assertThat(WebhookUrl.parse("https://hooks.slack.com/services/T%2FX/B/AbCd?x=1").reveal())
                .hasToString("https://hooks.slack.com/services/T%2FX/B/AbCd?x=1");
        assertThat(WebhookUrl.parse("http://127.0.0.1:8089/hook").reveal()).hasToString("http://127.0.0.1:8089/hook");
    }

    @Test
    void maskedShortSecretShowsNoTail() {
        assertThat(WebhookUrl.parse("http://127.0.0.1:8089/hook").masked()).isEqualTo("http://127.0.0.1:8089/…");
    }
}
