package com.aitesting.core.notification;

import java.time.Instant;

/**
 * What a tenant may see of its webhook: the masked form only. The full URL is write-only; it is never
 * returned after it was set.
 */
public record SlackWebhookView(boolean configured, String maskedUrl, Instant updatedAt, String updatedBy) {

    static SlackWebhookView of(StoredSlackWebhook stored) {
        return new SlackWebhookView(true, stored.sealed().orElseThrow().masked(), stored.updatedAt(), stored.updatedBy());
    }

    static SlackWebhookView none() {
        return new SlackWebhookView(false, null, null, null);
    }
}
