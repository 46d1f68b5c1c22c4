package com.aitesting.notifier;

import com.aitesting.core.notification.NotifyRunTransition;
import com.aitesting.core.notification.SlackDelivery;
import com.aitesting.core.notification.Sleeper;
import com.aitesting.postgres.PostgresNotificationDeliveryRepository;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the notifier's object graph: for Lambda from the environment, for the local runtime from its parts. */
public final class NotifierWiring {
    private static final Logger log = LoggerFactory.getLogger(NotifierWiring.class);

    private NotifierWiring() {}

    public static NotifyRunTransition notifyRunTransition(NotifierConfig config, PostgresTransactions transactions) {
        SlackDelivery delivery = new SlackDelivery(
                new HttpWebhookTransport(config.connectTimeout(), config.readTimeout()), config.retry(),
                Sleeper.REAL, () -> ThreadLocalRandom.current().nextDouble());
        return new NotifyRunTransition(transactions, new PostgresRunRepository(transactions),
                new PostgresRunEventStore(transactions), new PostgresNotificationSettingsRepository(transactions),
                new PostgresNotificationDeliveryRepository(transactions), delivery, config.settings());
    }

    /**
     * Lambda: DATABASE_URL ({@code jdbc:postgresql://host:port/db}), DATABASE_USER and DATABASE_PASSWORD (the
     * application role) plus the {@link NotifierConfig} keys. One invocation at a time per container, so a pool
     * of one connection.
     */
    static NotifyRunTransition fromEnvironment() {
        Map<String, String> env = System.getenv();
        NotifierConfig config = NotifierConfig.parse(env);
        var pool = DataSources.pooled(required(env, "DATABASE_URL"),
                new Credentials(required(env, "DATABASE_USER"), required(env, "DATABASE_PASSWORD")), 1, "notifier");
        log.info("Notifier configured: {}", config);
        return notifyRunTransition(config, new PostgresTransactions(pool));
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(key + " is required");
        }
        return value;
    }
}
