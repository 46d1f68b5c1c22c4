package com.aitesting.core.notification;

import java.time.Instant;

/**
 * What a tenant may see of its webhook: the masked form only. The full URL is write-only; it is never
 * returned after it was set.
 */
public record SlackWebhookView(boolean configured, String maskedUrl, Instant updatedAt, String updatedBy) {

    static SlackWebhookView of(SlackWebhookSettings settings) {
        return new SlackWebhookView(true, settings.url().masked(), settings.updatedAt(), settings.updatedBy());
    }

    static SlackWebhookView none() {
        return new SlackWebhookView(false, null, null, null);
    }
}
