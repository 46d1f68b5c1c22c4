package com.aitesting.aws.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.postgres.Credentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for a function's database login: blank is unset, a secret or a user and password, never both. */
class DatabaseLoginTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf";

    @Test
    void aSecretArnIsTheLoginAndAUserBesideItIsAllowed() {
        assertThat(DatabaseLogin.fromEnvironment(Map.of("DATABASE_SECRET_ARN", " " + ARN + " ", "DATABASE_USER", "ait_app")))
                .isEqualTo(new DatabaseLogin.Secret(ARN));
        SecretReader secrets = arn -> "{\"username\":\"ait_app\",\"password\":\"s3cret\"}";
        assertThat(DatabaseLogin.fromEnvironment(Map.of("DATABASE_SECRET_ARN", ARN)).credentials(secrets))
                .isEqualTo(new Credentials("ait_app", "s3cret"));
    }

    @Test
    void aBlankSecretArnIsUnsetEverywhere() {
        assertThat(DatabaseLogin.fromEnvironment(Map.of("DATABASE_SECRET_ARN", "  ", "DATABASE_USER", "u", "DATABASE_PASSWORD", "p")))
                .isEqualTo(new DatabaseLogin.Plain(new Credentials("u", "p")));
        assertThat(DatabaseLogin.secretArn(" ", "p")).isNull();
    }

    @Test
    void aSecretAndAPasswordTogetherFailTheStartNamingBothAndNotThePassword() {
        assertThatThrownBy(() -> DatabaseLogin.fromEnvironment(Map.of("DATABASE_SECRET_ARN", ARN, "DATABASE_PASSWORD", "hunter2")))
                .hasMessageContaining("DATABASE_SECRET_ARN").hasMessageContaining("DATABASE_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingOrMalformedValueIsNamed() {
        assertThatThrownBy(() -> DatabaseLogin.fromEnvironment(Map.of())).hasMessageContaining("DATABASE_USER is required");
        assertThatThrownBy(() -> DatabaseLogin.fromEnvironment(Map.of("DATABASE_USER", "u", "DATABASE_PASSWORD", "")))
                .hasMessageContaining("DATABASE_PASSWORD is required");
        assertThatThrownBy(() -> DatabaseLogin.fromEnvironment(Map.of("DATABASE_SECRET_ARN", "app-secret")))
                .hasMessageContaining("DATABASE_SECRET_ARN must be an ARN");
    }

    @Test
    void aPasswordIsTakenAsSetNotTrimmed() {
        assertThat(DatabaseLogin.fromEnvironment(Map.of("DATABASE_USER", "u", "DATABASE_PASSWORD", " p ")))
                .isEqualTo(new DatabaseLogin.Plain(new Credentials("u", " p ")));
    }
}
