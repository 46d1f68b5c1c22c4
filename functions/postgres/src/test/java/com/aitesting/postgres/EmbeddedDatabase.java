package com.aitesting.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Test support for every module's ITs (published in this module's test-jar): ONE embedded PostgreSQL per
 * JVM, started on first use, and a fresh migrated database per {@link #createMigrated()} call, so tests
 * never see each other's rows. Roles are cluster-wide and shared: {@value #OWNER} owns, {@value #APP} is
 * the restricted application role.
 *
 * <pre>{@code
 * try (EmbeddedDatabase.Migrated db = EmbeddedDatabase.createMigrated()) {
 *     var tx = new PostgresTransactions(db.appDataSource());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedDatabase {
    public static final String OWNER = "ait_owner";
    public static final String APP = "ait_app";
    private static final Credentials SUPERUSER = new Credentials("postgres", "postgres");
    private static final Credentials OWNER_LOGIN = new Credentials(OWNER, "owner-secret");
    private static final Credentials APP_LOGIN = new Credentials(APP, "app-secret");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres server;

    /** A migrated database; close it to release its pools (the database itself lives until the JVM ends). */
    public record Migrated(
            String database,
            String jdbcUrl,
            Credentials owner,
            Credentials app,
            HikariDataSource ownerDataSource,
            HikariDataSource appDataSource) implements AutoCloseable {

        public DatabaseConfig config() {
            return new DatabaseConfig(jdbcUrl, owner, app);
        }

        @Override
        public void close() {
            appDataSource.close();
            ownerDataSource.close();
        }
    }

    public static Migrated createMigrated() {
        return create(Migrations::migrate);
    }

    /**
     * A database migrated only up to {@code version} (e.g. "63"), with rows written as the schema then was; a
     * test then runs {@link Migrations#migrate} to see what the later migrations do with them.
     */
    public static Migrated createMigratedTo(String version) {
        return create(config -> Flyway.configure()
                .dataSource(config.jdbcUrl(), config.owner().user(), config.owner().password())
                .locations(Migrations.CLASSPATH_LOCATION)
                .placeholders(Map.of("app_role", APP))
                .target(version)
                .load().migrate());
    }

    private static Migrated create(Consumer<DatabaseConfig> migrate) {
        String database = "ait_test_" + DATABASES.incrementAndGet();
        String jdbcUrl = jdbcUrl(database);
        DatabaseConfig config = new DatabaseConfig(jdbcUrl, OWNER_LOGIN, APP_LOGIN);
        DatabaseSetup.bootstrap(serverUrl(), SUPERUSER, database, config);
        migrate.accept(config);
        return new Migrated(database, jdbcUrl, OWNER_LOGIN, APP_LOGIN,
                DataSources.pooled(jdbcUrl, OWNER_LOGIN, 4, database + "-owner"),
                DataSources.pooled(jdbcUrl, APP_LOGIN, 16, database + "-app"));
    }

    /**
     * A URL to {@code database} on the embedded server. Built by hand: EmbeddedPostgres.getJdbcUrl() appends
     * ?user=postgres, which would silently turn every "app role" connection into a superuser one.
     */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** A superuser URL to the server's maintenance database (for tests that inspect roles). */
    public static String serverUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    public static Credentials superuser() {
        return SUPERUSER;
    }

    /** The server's superuser DataSource, for tests that need to look behind row-level security. */
    public static DataSource superuserDataSource(String database) {
        return started().getDatabase(SUPERUSER.user(), database);
    }

    private static int port() {
        return started().getPort();
    }

    private static synchronized EmbeddedPostgres started() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data folder is removed by the library
                }
            }));
        }
        return server;
    }

    private EmbeddedDatabase() {}
}
