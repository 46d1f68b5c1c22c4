package com.aitesting.api.notification;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;

/**
 * PUT /v2/settings/slack. {@link #toString()} is overridden because a record prints its fields and this one is a
 * secret: whatever logs the request prints it redacted.
 */
@Schema(name = "SetSlackWebhook", description = "The tenant's own Slack webhook; it overrides the deployment's default.",
        requiredProperties = {"webhook_url"})
public record SetSlackWebhookRequest(
        @Schema(description = "Slack incoming-webhook URL: https to hooks.slack.com, hooks.slack-gov.com or a host "
                + "in SLACK_ALLOWED_HOSTS, never an IP address or internal name; at most 2048 characters, no "
                + "credentials or fragment. Stored encrypted; write-only: never returned again.",
                example = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
                accessMode = Schema.AccessMode.WRITE_ONLY, maxLength = 2048)
        @JsonDeserialize(using = JsonStringOnly.class)
        String webhookUrl) {

    @Override
    public String toString() {
        return "SetSlackWebhookRequest[webhook_url=" + (webhookUrl == null ? "null" : "<redacted>") + "]";
    }

    /**
     * A JSON string and nothing else. Micronaut's ObjectMapper enables UNWRAP_SINGLE_VALUE_ARRAYS, which would
     * take {@code ["https://..."]} as the string inside; here that is a wrong type (400 on webhook_url, via the
     * same Jackson mismatch that Problems maps for every other body).
     */
    public static final class JsonStringOnly extends StdDeserializer<String> {
        public JsonStringOnly() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }
}
