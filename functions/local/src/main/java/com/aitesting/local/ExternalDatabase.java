package com.aitesting.local;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.Migrations;
import java.util.Optional;

/**
 * An existing PostgreSQL given by DATABASE_URL. The database and both roles must exist (see README);
 * with DATABASE_OWNER_USER/PASSWORD set, migrations run as the owner before the app starts.
 */
final class ExternalDatabase {
    static Database prepare(LocalConfig.External external) {
        // Same URL rules as the app (jdbc:postgresql:// or postgres://user:pass@host/db).
        ApiConfig.Database parsed = ApiConfig.parseDatabase(external.url(), external.appUser(), external.appPassword(), ApiConfig.Database.DEFAULT_POOL);
        if (parsed.user() == null) {
            throw new IllegalArgumentException("DATABASE_USER (the application role) is required with DATABASE_URL");
        }
        Credentials app = new Credentials(parsed.user(), parsed.password() == null ? "" : parsed.password());
        Optional<Credentials> owner = Optional.ofNullable(external.ownerUser())
                .map(user -> new Credentials(user, external.ownerPassword() == null ? "" : external.ownerPassword()));
        owner.ifPresent(login -> Migrations.migrate(parsed.jdbcUrl(), login, app.user()));
        return new Database(parsed.jdbcUrl(), app, owner, "PostgreSQL at " + redact(parsed.jdbcUrl())
                + (external.migrates() ? " (migrated as " + external.ownerUser() + ")" : ""));
    }

    private static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    private ExternalDatabase() {}
}
