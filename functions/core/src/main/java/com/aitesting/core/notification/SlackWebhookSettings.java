package com.aitesting.core.notification;

import java.time.Instant;
import java.util.Objects;

/** A tenant's own Slack webhook, who set it and when. */
public record SlackWebhookSettings(WebhookUrl url, Instant updatedAt, String updatedBy) {
    public SlackWebhookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }
}
