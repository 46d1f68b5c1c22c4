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
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("EPHEMERAL_DB", "sometimes"))).hasMessageContaining("EPHEMERAL_DB");
        assertThatThrownBy(() -> LocalConfig.parse(Map.of("DATABASE_URL", "jdbc:postgresql://db/ait", "DATABASE_OWNER_PASSWORD", "pw")))
                .hasMessageContaining("DATABASE_OWNER_USER");
    }
}
