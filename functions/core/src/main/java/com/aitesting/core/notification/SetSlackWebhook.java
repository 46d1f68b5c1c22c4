package com.aitesting.core.notification;

/** Command: set the caller's tenant's Slack webhook. Validates the URL on construction (400 on webhook_url). */
public record SetSlackWebhook(WebhookUrl url) {
    public SetSlackWebhook {
        if (url == null) {
            throw com.aitesting.core.error.InvalidInputException.of(WebhookUrl.FIELD, "is required");
        }
    }

    public static SetSlackWebhook of(String webhookUrl) {
        return new SetSlackWebhook(WebhookUrl.parse(webhookUrl));
    }
}
