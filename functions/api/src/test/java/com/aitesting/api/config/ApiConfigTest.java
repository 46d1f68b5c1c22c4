package com.aitesting.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
    private static final String URL = "jdbc:postgresql://localhost:5432/aitesting";

    @Test
    void defaultsAreDevAuthTenantIdClaimAndSimulation() {
        ApiConfig config = TestSettings.config(null, null, URL, "ait_app", "secret", null, null);
        assertThat(config.authMode()).isEqualTo(AuthMode.DEV);
        assertThat(config.jwtTenantClaim()).isEqualTo("tenant_id");
        assertThat(config.simulateProgress()).isTrue();
        assertThat(config.database().maxPoolSize()).isEqualTo(10);
        assertThat(config.liveWebSocket()).as("the WebSocket is served unless LIVE_WEBSOCKET=false").isTrue();
    }

    @Test
    void liveWebSocketIsABooleanAndAnythingElseFailsTheStart() {
        ApiProperties off = TestSettings.of(null, null, URL, null, null, null, null);
        off.setLiveWebsocket("false");
        assertThat(ApiConfig.from(off).liveWebSocket()).isFalse();
        off.setLiveWebsocket(" TRUE ");
        assertThat(ApiConfig.from(off).liveWebSocket()).isTrue();
        assertThat(ApiStartTest.startFailure(Map.of("LIVE_WEBSOCKET", "sometimes"))).contains("LIVE_WEBSOCKET must be true or false");
    }

    @Test
    void aLiveWebSocketUrlThatIsNotWssStopsTheRealStartNamingTheVariable() {
        assertThat(ApiStartTest.startFailure(Map.of("LIVE_WEBSOCKET_URL", "https://ws1.execute-api.eu-west-1.amazonaws.com/live")))
                .contains("LIVE_WEBSOCKET_URL");
        assertThat(ApiStartTest.startFailure(Map.of("LIVE_WEBSOCKET_URL", "wss://a b/live"))).contains("LIVE_WEBSOCKET_URL");
    }

    @Test
    void authModeIsCaseInsensitiveAndAnythingElseFailsTheStart() {
        assertThat(TestSettings.config("JWT", "custom:tenant", URL, null, null, null, "false").authMode()).isEqualTo(AuthMode.JWT);
        assertThat(ApiStartTest.startFailure(Map.of("AUTH_MODE", "basic"))).contains("AUTH_MODE");
    }

    @Test
    void aMissingOrForeignDatabaseUrlFailsTheStart() {
        assertThatThrownBy(() -> TestSettings.config(null, null, " ", null, null, null, null)).hasMessageContaining("DATABASE_URL is required");
        assertThatThrownBy(() -> TestSettings.config(null, null, "mysql://x/y", null, null, null, null)).hasMessageContaining("DATABASE_URL");
    }

    @Test
    void aPostgresUrlBecomesJdbcWithItsCredentialsUnlessTheVariablesSetThem() {
        ApiConfig.Database db = ApiConfig.parseDatabase("postgres://app:pw@db.internal:6543/ait?sslmode=require", null, null, 5);
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/ait?sslmode=require");
        assertThat(db.user()).isEqualTo("app");
        assertThat(db.password()).isEqualTo("pw");
        assertThat(ApiConfig.parseDatabase("postgres://app:pw@db/ait", "other", "pw2", ApiConfig.Database.DEFAULT_POOL).user()).isEqualTo("other");
        assertThat(db.toString()).doesNotContain("pw");
    }

    @Test
    void invalidNumbersAndBooleansFailTheStart() {
        // format rules are the settings' constraints, checked as the app starts
        assertThat(ApiStartTest.startFailure(Map.of("DATABASE_MAX_POOL_SIZE", "many"))).contains("DATABASE_MAX_POOL_SIZE");
        assertThat(ApiStartTest.startFailure(Map.of("DATABASE_MAX_POOL_SIZE", "0"))).contains("DATABASE_MAX_POOL_SIZE");
        assertThat(ApiStartTest.startFailure(Map.of("SIMULATE_PROGRESS", "maybe"))).contains("SIMULATE_PROGRESS");
        assertThatThrownBy(() -> TestSettings.config(null, "bad claim!", URL, null, null, null, null)).hasMessageContaining("JWT_TENANT_CLAIM");
    }
}
