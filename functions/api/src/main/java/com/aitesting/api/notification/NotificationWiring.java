package com.aitesting.api.notification;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.notification.NotificationSettingsRepository;
import com.aitesting.core.notification.SlackWebhookSettingsUseCases;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.PostgresTransactions;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/** Binds the Slack settings use cases to the PostgreSQL adapter, over the app's {@link PostgresTransactions}. */
@Factory
public class NotificationWiring {

    @Singleton
    public NotificationSettingsRepository notificationSettings(PostgresTransactions tx) {
        return new PostgresNotificationSettingsRepository(tx);
    }

    @Singleton
    public SlackWebhookSettingsUseCases slackWebhookSettings(PostgresTransactions tx, NotificationSettingsRepository settings) {
        return new SlackWebhookSettingsUseCases(tx, settings);
    }

    /**
     * {@code slack.webhook} is where Micronaut puts the SLACK_WEBHOOK environment variable (the notifier's
     * default, docs/architecture.md). Parsed with the notifier's own rules and at start ({@code @Context}), so
     * that the API and the notifier agree on whether a default applies, and a bad value stops the start with a
     * message that names the rule, never the value.
     */
    @Context
    public SlackDefaultWebhook slackDefaultWebhook(@Property(name = "slack.webhook") @Nullable String value) {
        if (value == null || value.isBlank()) {
            return new SlackDefaultWebhook(false);
        }
        try {
            WebhookUrl.parse(value);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("SLACK_WEBHOOK " + e.errors().getFirst().message());
        }
        return new SlackDefaultWebhook(true);
    }
}
