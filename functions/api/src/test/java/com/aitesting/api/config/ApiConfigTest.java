package com.aitesting.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiConfigTest {
    private static final String URL = "jdbc:postgresql://localhost:5432/aitesting";

    @Test
    void defaultsAreDevAuthTenantIdClaimAndSimulation() {
        ApiConfig config = ApiConfig.parse(null, null, URL, "ait_app", "secret", null, null);
        assertThat(config.authMode()).isEqualTo(AuthMode.DEV);
        assertThat(config.jwtTenantClaim()).isEqualTo("tenant_id");
        assertThat(config.simulateProgress()).isTrue();
        assertThat(config.database().maxPoolSize()).isEqualTo(10);
        assertThat(config.liveWebSocket()).as("the WebSocket is served unless LIVE_WEBSOCKET=false").isTrue();
    }

    @Test
    void liveWebSocketIsABooleanAndAnythingElseFailsTheStart() {
        ApiConfig.AwsSettings none = ApiConfig.AwsSettings.NONE;
        assertThat(ApiConfig.parse(null, null, URL, null, null, null, null, none, "false").liveWebSocket()).isFalse();
        assertThat(ApiConfig.parse(null, null, URL, null, null, null, null, none, " TRUE ").liveWebSocket()).isTrue();
        assertThatThrownBy(() -> ApiConfig.parse(null, null, URL, null, null, null, null, none, "sometimes"))
                .hasMessageContaining("LIVE_WEBSOCKET");
    }

    @Test
    void authModeIsCaseInsensitiveAndAnythingElseFailsTheStart() {
        assertThat(ApiConfig.parse("JWT", "custom:tenant", URL, null, null, null, "false").authMode()).isEqualTo(AuthMode.JWT);
        assertThatThrownBy(() -> ApiConfig.parse("basic", null, URL, null, null, null, null))
                .hasMessageContaining("AUTH_MODE");
    }

    @Test
    void aMissingOrForeignDatabaseUrlFailsTheStart() {
        assertThatThrownBy(() -> ApiConfig.parse(null, null, " ", null, null, null, null)).hasMessageContaining("DATABASE_URL is required");
        assertThatThrownBy(() -> ApiConfig.parse(null, null, "mysql://x/y", null, null, null, null)).hasMessageContaining("DATABASE_URL");
    }

    @Test
    void aPostgresUrlBecomesJdbcWithItsCredentialsUnlessTheVariablesSetThem() {
        ApiConfig.Database db = ApiConfig.parseDatabase("postgres://app:pw@db.internal:6543/ait?sslmode=require", null, null, "5");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/ait?sslmode=require");
        assertThat(db.user()).isEqualTo("app");
        assertThat(db.password()).isEqualTo("pw");
        assertThat(ApiConfig.parseDatabase("postgres://app:pw@db/ait", "other", "pw2", null).user()).isEqualTo("other");
        assertThat(db.toString()).doesNotContain("pw");
    }

    @Test
    void invalidNumbersAndBooleansFailTheStart() {
        assertThatThrownBy(() -> ApiConfig.parse(null, null, URL, null, null, "many", null)).hasMessageContaining("DATABASE_MAX_POOL_SIZE");
        assertThatThrownBy(() -> ApiConfig.parse(null, null, URL, null, null, "0", null)).hasMessageContaining("DATABASE_MAX_POOL_SIZE");
        assertThatThrownBy(() -> ApiConfig.parse(null, null, URL, null, null, null, "maybe")).hasMessageContaining("SIMULATE_PROGRESS");
        assertThatThrownBy(() -> ApiConfig.parse(null, "bad claim!", URL, null, null, null, null)).hasMessageContaining("JWT_TENANT_CLAIM");
    }
}
