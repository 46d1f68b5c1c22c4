package com.aitesting.notifier;

import com.aitesting.aws.secrets.DatabaseLogin;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.aws.secrets.SecretsManagerReader;
import com.aitesting.aws.kms.KmsMasterKey;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.core.notification.NotifyRunTransition;
import com.aitesting.core.notification.WebhookVault;
import com.aitesting.core.outbound.HostResolver;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.workflow.EndRunWithExecution;
import com.aitesting.core.workflow.FailRun;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.notification.SlackDelivery;
import com.aitesting.core.notification.Sleeper;
import com.aitesting.postgres.PostgresFindingRepository;
import com.aitesting.postgres.PostgresNotificationDeliveryRepository;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.postgres.read.PostgresRunEventReads;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the notifier's object graph: for Lambda from the environment, for the local runtime from its parts. */
public final class NotifierWiring {
    private static final Logger log = LoggerFactory.getLogger(NotifierWiring.class);

    private NotifierWiring() {}

    /**
     * What the notifier does with each execution status change: end the run with its execution when the
     * execution ended without it, then announce the run's transition in Slack.
     */
    public record Notifier(EndRunWithExecution endRun, NotifyRunTransition announce) {}

    /** In-process: the local app's viewers learn of commits through LISTEN/NOTIFY, so nobody is told here. */
    public static Notifier notifier(NotifierConfig config, PostgresTransactions transactions, MasterKey webhookKey) {
        return notifier(config, transactions, RunEventsCommitted.NOBODY, webhookKey, HostResolver.SYSTEM);
    }

    /**
     * {@code committed}: who is told of the run events the notifier commits (run.failed, notification.failed);
     * the resolver is the one the transport asks (tests answer from a table: no real DNS).
     */
    public static Notifier notifier(NotifierConfig config, PostgresTransactions transactions, RunEventsCommitted committed,
                                    MasterKey webhookKey, HostResolver resolver) {
        SlackDelivery delivery = new SlackDelivery(
                new HttpWebhookTransport(config.connectTimeout(), config.readTimeout(), config.outbound(), resolver),
                config.outbound(), config.retry(), Sleeper.REAL, () -> ThreadLocalRandom.current().nextDouble());
        PostgresRunRepository runs = new PostgresRunRepository(transactions);
        PostgresRunEventStore events = new PostgresRunEventStore(transactions, committed);
        NotifyRunTransition announce = new NotifyRunTransition(transactions, runs, events,
                new PostgresFindingRepository(transactions), new PostgresNotificationSettingsRepository(transactions),
                new WebhookVault(webhookKey), new PostgresNotificationDeliveryRepository(transactions), delivery,
                config.settings());
        return new Notifier(new EndRunWithExecution(new FailRun(transactions, runs, events, Clock.systemUTC())), announce);
    }

    /**
     * Lambda: DATABASE_URL ({@code jdbc:postgresql://host:port/db}) and the application role's login, either
     * DATABASE_SECRET_ARN (on AWS: a Secrets Manager secret in the RDS shape) or DATABASE_USER and
     * DATABASE_PASSWORD, plus the {@link NotifierConfig} keys (SLACK_WEBHOOK_SECRET_ARN on AWS), and
     * WEBHOOK_KMS_KEY_ARN, the KMS key that opens the tenants' webhooks (required: without it no tenant's own
     * webhook could be read). Secrets are read once, at cold start. One invocation at a time per container, so a
     * pool of one connection. LIVE_TABLE and LIVE_CALLBACK_URL ({@link LivePushSettings}): where the run events it
     * commits are pushed to WebSocket viewers (a run's run.failed is the end they wait for).
     */
    static Notifier fromEnvironment() {
        Map<String, String> env = System.getenv();
        SecretReader secrets = new SecretsManagerReader();
        NotifierConfig config = NotifierConfig.parse(env, secrets);
        var pool = DataSources.pooled(required(env, "DATABASE_URL"), databaseLogin(env, secrets), 1, "notifier");
        String kmsKey = config.webhookKmsKeyArn().orElseThrow(() -> new IllegalStateException(
                "WEBHOOK_KMS_KEY_ARN is required: the tenants' webhook URLs are sealed under that KMS key"));
        log.info("Notifier configured: {}", config);
        PostgresTransactions transactions = new PostgresTransactions(pool);
        RunEventsCommitted committed = LivePushSettings.listener(LivePushSettings.fromEnvironment(env), transactions,
                new PostgresRunEventReads(transactions));
        return notifier(config, transactions, committed, new KmsMasterKey(kmsKey), HostResolver.SYSTEM);
    }

    /** The one rule of every function ({@link DatabaseLogin}); the stack sets DATABASE_SECRET_ARN. */
    static Credentials databaseLogin(Map<String, String> env, SecretReader secrets) {
        return DatabaseLogin.fromEnvironment(env).credentials(secrets);
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is required");
        }
        return value;
    }
}
