package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalConfigTest {
    @Test
    void defaultsArePort8080AKeptDataFolderAndTheEmbeddedDatabase() {
        LocalConfig config = LocalConfig.parse(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of(".ai-testing/pgdata").toAbsolutePath().normalize());
        assertThat(config.ephemeralDb()).isFalse();
        assertThat(config.external()).isNull();
    }

    @Test
    void databaseUrlSelectsAnExistingPostgresAndMigratesOnlyWithAnOwner() {
        LocalConfig config = LocalConfig.parse(Map.of("DATABASE_URL", "jdbc:postgresql://db/ait", "DATABASE_USER", "ait_app"));
        assertThat(config.external().migrates()).isFalse();
        config = LocalConfig.parse(Map.of("DATABASE_URL", "jdbc:postgresql://db/ait", "DATABASE_OWNER_USER", "ait_owner",
                "DATABASE_OWNER_PASSWORD", "pw"));
        assertThat(config.external().migrates()).isTrue();
        assertThat(config.external().toString()).doesNotContain("pw");
    }

    @Test
    void invalidValuesFailTheStartNamingTheVariable() {
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("PORT", "70000"))).hasMessageContaining("PORT");
        // before PUBLIC_BASE_URL's default is built from it, so the message names the variable that was set
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("PORT", "-1"))).hasMessage("PORT must be 0..65535, was -1");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("EPHEMERAL_DB", "sometimes"))).hasMessageContaining("EPHEMERAL_DB");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("DATABASE_URL", "jdbc:postgresql://db/ait", "DATABASE_OWNER_PASSWORD", "pw")))
                .hasMessageContaining("DATABASE_OWNER_USER");
    }

    @Test
    void theApiBindsToLoopbackByDefault() {
        assertThat(LocalConfig.parse(Map.of()).bind().address()).isEqualTo("127.0.0.1");
        assertThat(LocalConfig.parse(Map.of()).bind().loopback()).isTrue();
        assertThat(LocalConfig.parse(Map.of("BIND_ADDRESS", "::1")).bind().loopback()).isTrue();
        assertThat(LocalConfig.parse(Map.of("BIND_ADDRESS", "127.0.0.2")).bind().warning()).isEmpty();
    }

    @Test
    void aNonLoopbackBindInDevAuthRefusesToStartSayingWhy() {
        for (String address : new String[] {"0.0.0.0", "::", "192.0.2.10", "[2001:db8::1]"}) {
            assertThatThrownBy(() -> LocalConfig.parse(Map.of("BIND_ADDRESS", address))).as(address)
                    .hasMessageContaining("BIND_ADDRESS").hasMessageContaining("X-Tenant-Id").hasMessageContaining("ALLOW_REMOTE_DEV_AUTH");
            assertThatThrownBy(() -> LocalConfig.parse(Map.of("BIND_ADDRESS", address, "AUTH_MODE", "DEV"))).as(address)
                    .hasMessageContaining("ALLOW_REMOTE_DEV_AUTH");
        }
    }

    @Test
    void aNonLoopbackBindIsAllowedWithJwtAuthOrAnExplicitAcceptanceThatWarns() {
        assertThat(LocalConfig.parse(Map.of("BIND_ADDRESS", "0.0.0.0", "AUTH_MODE", "jwt")).bind().warning()).isEmpty();
        LocalConfig.Bind accepted = LocalConfig.parse(Map.of("BIND_ADDRESS", "0.0.0.0", "ALLOW_REMOTE_DEV_AUTH", "true")).bind();
        assertThat(accepted.address()).isEqualTo("0.0.0.0");
        assertThat(accepted.warning()).get(org.assertj.core.api.InstanceOfAssertFactories.STRING).contains("any tenant");
    }

    @Test
    void aBindAddressMustBeAnIpAddressSoNoNameIsLookedUp() {
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("BIND_ADDRESS", "example.com"))).hasMessageContaining("BIND_ADDRESS");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("ALLOW_REMOTE_DEV_AUTH", "maybe"))).hasMessageContaining("ALLOW_REMOTE_DEV_AUTH");
    }
}
