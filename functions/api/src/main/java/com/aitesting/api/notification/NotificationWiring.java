package com.aitesting.api.notification;

import com.aitesting.aws.kms.KmsMasterKey;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.notification.NotificationSettingsRepository;
import com.aitesting.core.notification.SlackWebhookSettingsUseCases;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.notification.WebhookVault;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.postgres.PostgresNotificationDeliveryRepository;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.PostgresTransactions;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Locale;

/** Binds the Slack settings use cases to the PostgreSQL adapter, over the app's {@link PostgresTransactions}. */
@Factory
public class NotificationWiring {

    @Singleton
    public NotificationSettingsRepository notificationSettings(PostgresTransactions tx) {
        return new PostgresNotificationSettingsRepository(tx);
    }

    @Singleton
    public NotificationDeliveryRepository notificationDeliveries(PostgresTransactions tx) {
        return new PostgresNotificationDeliveryRepository(tx);
    }

    @Singleton
    public SlackWebhookSettingsUseCases slackWebhookSettings(PostgresTransactions tx, NotificationSettingsRepository settings,
                                                             MasterKey webhookKey, OutboundPolicy outbound) {
        return new SlackWebhookSettingsUseCases(tx, settings, new WebhookVault(webhookKey), outbound);
    }

    /**
     * SLACK_ALLOWED_HOSTS and SLACK_ALLOW_LOOPBACK_HTTP, parsed at start with the notifier's rules (the loopback
     * switch is refused on AWS), so that what PUT accepts is what the notifier will send to.
     */
    @Context
    public OutboundPolicy outboundPolicy(@Property(name = "ait.outbound.allowed-hosts") @Nullable String allowedHosts,
                                         @Property(name = "ait.outbound.allow-loopback-http") @Nullable String allowLoopback) {
        String flag = allowLoopback == null ? "" : allowLoopback.trim().toLowerCase(Locale.ROOT);
        boolean loopback = switch (flag) {
            case "true", "1", "yes", "on" -> true;
            case "", "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("SLACK_ALLOW_LOOPBACK_HTTP must be true or false, was '" + allowLoopback + "'");
        };
        String lambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return OutboundPolicy.of(allowedHosts, loopback, lambda != null && !lambda.isBlank());
    }

    /**
     * On AWS the webhook URLs' data keys are wrapped by the KMS key WEBHOOK_KMS_KEY_ARN. The local runtime
     * registers its own key (the key file beside DATA_DIR) in this one's place, hence secondary. Created at the
     * first use of the Slack settings, so an app that never serves them (the stream function) needs no key.
     */
    @Singleton
    @Secondary
    public MasterKey webhookMasterKey(@Property(name = "ait.webhook.kms-key-arn") @Nullable String kmsKeyArn) {
        if (kmsKeyArn == null || kmsKeyArn.isBlank()) {
            throw new IllegalStateException("WEBHOOK_KMS_KEY_ARN is required to store webhook URLs: they are sealed "
                    + "under that KMS key (the local runtime uses its key file instead)");
        }
        return new KmsMasterKey(kmsKeyArn.trim());
    }

    /**
     * {@code slack.webhook} is where Micronaut puts the SLACK_WEBHOOK environment variable (the notifier's
     * default, docs/architecture.md). Parsed with the notifier's own rules and at start ({@code @Context}), so
     * that the API and the notifier agree on whether a default applies, and a bad value stops the start with a
     * message that names the rule, never the value.
     */
    @Context
    public SlackDefaultWebhook slackDefaultWebhook(@Property(name = "slack.webhook") @Nullable String value, OutboundPolicy outbound) {
        if (value == null || value.isBlank()) {
            return new SlackDefaultWebhook(false);
        }
        WebhookUrl url;
        try {
            url = WebhookUrl.parse(value);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("SLACK_WEBHOOK " + e.errors().getFirst().message());
        }
        outbound.checkUrl(url.reveal()).ifPresent(refusal -> {
            throw new IllegalArgumentException("SLACK_WEBHOOK " + refusal.sentence());
        });
        return new SlackDefaultWebhook(true);
    }
}
