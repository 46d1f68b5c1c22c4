package com.aitesting.api.notification;

import com.aitesting.api.config.ApiProperties;
import com.aitesting.api.wiring.JdbcStore;
import com.aitesting.aws.kms.KmsMasterKey;
import com.aitesting.aws.secrets.DatabaseLogin;
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
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

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
                                                             WebhookVault vault, OutboundPolicy outbound) {
        return new SlackWebhookSettingsUseCases(tx, settings, vault, outbound);
    }

    /**
     * SLACK_ALLOWED_HOSTS and SLACK_ALLOW_LOOPBACK_HTTP, parsed at start with the notifier's rules (the loopback
     * switch is refused on AWS), so that what PUT accepts is what the notifier will send to.
     */
    @Context
    public OutboundPolicy outboundPolicy(ApiProperties settings) {
        ApiProperties.Outbound outbound = settings.getOutbound();
        String lambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return OutboundPolicy.of(outbound.getAllowedHosts(), outbound.allowsLoopbackHttp(), lambda != null && !lambda.isBlank());
    }

    /**
     * On AWS the webhook URLs' data keys are wrapped by the KMS key WEBHOOK_KMS_KEY_ARN. The local runtime
     * registers its own key (the key file beside DATA_DIR) in this one's place, hence secondary.
     */
    @Singleton
    @Secondary
    public MasterKey webhookMasterKey(ApiProperties settings) {
        String kmsKeyArn = settings.getWebhook().getKmsKeyArn();
        if (kmsKeyArn == null || kmsKeyArn.isBlank()) {
            throw new IllegalArgumentException("WEBHOOK_KMS_KEY_ARN is required: the API stores the Slack webhook URLs sealed "
                    + "under that KMS key (the local runtime uses its key file instead)");
        }
        return new KmsMasterKey(DatabaseLogin.arn("WEBHOOK_KMS_KEY_ARN", kmsKeyArn));
    }

    /**
     * The webhook key is resolved at start wherever the Slack settings are served (every app with the JDBC
     * store; the SSE function on the Data API serves none), so a missing WEBHOOK_KMS_KEY_ARN stops the start
     * instead of answering 500 at the first settings request. Creating the KMS key connects to nothing.
     */
    @Context
    @Requires(condition = JdbcStore.class)
    public WebhookVault webhookVault(MasterKey webhookKey) {
        return new WebhookVault(webhookKey);
    }

    /**
     * SLACK_WEBHOOK, the notifier's default webhook (docs/architecture.md). Parsed with the notifier's own rules and at start ({@code @Context}), so
     * that the API and the notifier agree on whether a default applies, and a bad value stops the start with a
     * message that names the rule, never the value.
     */
    @Context
    public SlackDefaultWebhook slackDefaultWebhook(ApiProperties settings, OutboundPolicy outbound) {
        String value = settings.getOutbound().getDefaultWebhook();
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
