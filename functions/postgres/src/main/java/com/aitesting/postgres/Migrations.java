package com.aitesting.postgres;

import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Applies migrations/ (on the classpath as db/migration) as the OWNER role, which owns every table; the
 * app role only receives grants. Re-running applies nothing new. Called by the local runtime after
 * {@link DatabaseSetup#bootstrap} and by the AWS migration custom resource with the owner secret.
 */
public final class Migrations {
    public static final String CLASSPATH_LOCATION = "classpath:db/migration";

    /** Returns how many migrations were applied by this call. */
    public static int migrate(DatabaseConfig config) {
        return migrate(config.jdbcUrl(), config.owner(), config.app().user());
    }

    public static int migrate(String jdbcUrl, Credentials owner, String appRole) {
        return migrate(jdbcUrl, owner, appRole, CLASSPATH_LOCATION);
    }

    /**
     * {@code location} is a Flyway location, e.g. {@code filesystem:/opt} where the AWS migration finds the
     * scripts of the deploy that triggered it (a Lambda layer).
     */
    public static int migrate(String jdbcUrl, Credentials owner, String appRole, String location) {
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, owner.user(), owner.password())
                .locations(location)
                .placeholders(Map.of("app_role", DatabaseSetup.checkedRoleName(appRole)))
                .failOnMissingLocations(true)
                .load();
        return flyway.migrate().migrationsExecuted;
    }

    private Migrations() {}
}
