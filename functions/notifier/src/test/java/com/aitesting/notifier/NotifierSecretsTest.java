package com.aitesting.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.postgres.Credentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AWS environment of the notifier: webhook and database login from Secrets Manager secrets. */
class NotifierSecretsTest {
    private static final String WEBHOOK_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:slack-AbCdEf";
    private static final String DB_ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf";
    private static final String URL = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd";

    private static SecretReader secrets(Map<String, String> values) {
        return arn -> {
            String v = values.get(arn);
            if (v == null) {
                throw new IllegalStateException("no secret " + arn);
            }
            return v;
        };
    }

    @Test
    void theWebhookSecretIsTheDefaultWebhook() {
        NotifierConfig config = NotifierConfig.parse(Map.of("SLACK_WEBHOOK_SECRET_ARN", WEBHOOK_ARN), secrets(Map.of(WEBHOOK_ARN, URL + "\n")));
        assertThat(config.defaultWebhook()).isPresent();
        assertThat(config.toString()).doesNotContain("services");
    }

    @Test
    void theStacksPlaceholderOrAnEmptySecretMeansNoDefaultWebhook() {
        assertThat(NotifierConfig.parse(Map.of("SLACK_WEBHOOK_SECRET_ARN", WEBHOOK_ARN), secrets(Map.of(WEBHOOK_ARN, "unset")))
                .defaultWebhook()).isEmpty();
        assertThat(NotifierConfig.parse(Map.of("SLACK_WEBHOOK_SECRET_ARN", WEBHOOK_ARN), secrets(Map.of(WEBHOOK_ARN, " ")))
                .defaultWebhook()).isEmpty();
    }

    @Test
    void anInvalidWebhookInTheSecretStopsTheStartWithoutPrintingIt() {
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_WEBHOOK_SECRET_ARN", WEBHOOK_ARN),
                secrets(Map.of(WEBHOOK_ARN, "http://hooks.slack.com/services/T000/hunter2"))))
                .hasMessageContaining("SLACK_WEBHOOK_SECRET_ARN").hasMessageNotContaining("hunter2");
    }

    @Test
    void bothTheSecretAndThePlainWebhookIsAMistake() {
        assertThatThrownBy(() -> NotifierConfig.parse(Map.of("SLACK_WEBHOOK_SECRET_ARN", WEBHOOK_ARN, "SLACK_WEBHOOK", URL),
                secrets(Map.of(WEBHOOK_ARN, URL)))).hasMessageContaining("not both");
    }

    @Test
    void theDatabaseLoginComesFromTheSecretWhenItsArnIsSet() {
        Credentials login = NotifierWiring.databaseLogin(Map.of("DATABASE_SECRET_ARN", DB_ARN, "DATABASE_USER", "ait_app"),
                secrets(Map.of(DB_ARN, "{\"username\":\"ait_app\",\"password\":\"s3cret\",\"host\":\"h\",\"port\":5432}")));
        assertThat(login.user()).isEqualTo("ait_app");
        assertThat(login.password()).isEqualTo("s3cret");
        assertThat(login.toString()).doesNotContain("s3cret");

        assertThatThrownBy(() -> NotifierWiring.databaseLogin(Map.of("DATABASE_SECRET_ARN", DB_ARN), secrets(Map.of(DB_ARN, "s3cret-not-json"))))
                .hasMessageContaining(DB_ARN).hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> NotifierWiring.databaseLogin(Map.of("DATABASE_USER", "ait_app"), secrets(Map.of())))
                .hasMessageContaining("DATABASE_PASSWORD");
    }
}
