package com.aitesting.core.notification;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The notifier's deployment settings.
 *
 * @param defaultWebhook the deployment's webhook (SLACK_WEBHOOK), used for tenants without their own
 * @param publicBaseUrl where people reach the API; the run's link in a message starts with it
 * @param claimLease how long a pending claim is presumed alive; longer than the slowest complete delivery,
 *                   so that only a claim whose claimer died is taken over
 */
public record NotifierSettings(Optional<WebhookUrl> defaultWebhook, URI publicBaseUrl, Duration claimLease) {
    public NotifierSettings {
        Objects.requireNonNull(defaultWebhook, "defaultWebhook");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(claimLease, "claimLease");
        if (!publicBaseUrl.isAbsolute()) {
            throw new IllegalArgumentException("publicBaseUrl must be absolute");
        }
    }
}
