package com.aitesting.bench.workflow;

import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.DatabaseConfig;
import com.aitesting.postgres.DatabaseSetup;
import com.aitesting.postgres.Migrations;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;

/**
 * A throw-away embedded PostgreSQL in a temporary folder, bootstrapped and migrated exactly as the local
 * runtime does it (owner role owns the tables, the restricted app role is subject to row-level security).
 *
 * <p>{@code durable=false} keeps the library's throw-away settings (synchronous_commit=off: a commit does not
 * wait for its WAL flush); {@code durable=true} uses what the local runtime uses for a kept data folder
 * (fsync=on, synchronous_commit=on), so every commit pays a WAL flush on this machine's disk.
 */
public final class BenchDatabase implements AutoCloseable {
    public static final String DATABASE = "aitesting_bench";
    private static final Credentials OWNER = new Credentials("ait_owner", "bench-owner");
    private static final Credentials APP = new Credentials("ait_app", "bench-app");

    private final EmbeddedPostgres server;
    private final Path dataDir;
    private final String jdbcUrl;
    private final boolean durable;
    private final HikariDataSource app;
    private final HikariDataSource owner;

    private BenchDatabase(EmbeddedPostgres server, Path dataDir, String jdbcUrl, boolean durable, int poolSize) {
        this.server = server;
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.durable = durable;
        this.app = DataSources.pooled(jdbcUrl, APP, poolSize, "bench-app");
        this.owner = DataSources.pooled(jdbcUrl, OWNER, poolSize, "bench-owner");
    }

    public static BenchDatabase start(boolean durable, int poolSize) {
        Path dir;
        EmbeddedPostgres server;
        try {
            dir = Files.createTempDirectory("ait-bench-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(true)
                    .setDataDirectory(dir).setCleanDataDirectory(true);
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
        // Built by hand: EmbeddedPostgres.getJdbcUrl() appends ?user=postgres, which would make every
        // "app role" connection a superuser one (and skip row-level security).
        String base = "jdbc:postgresql://localhost:" + server.getPort() + "/";
        String jdbcUrl = base + DATABASE;
        DatabaseConfig config = new DatabaseConfig(jdbcUrl, OWNER, APP);
        DatabaseSetup.bootstrap(base + "postgres", new Credentials("postgres", ""), DATABASE, config);
        Migrations.migrate(config);
        return new BenchDatabase(server, dir, jdbcUrl, durable, poolSize);
    }

    /** The restricted application role's pool (row-level security applies), as the handlers use it. */
    public HikariDataSource app() {
        return app;
    }

    /** The owner role's pool: DDL the benchmark needs (trigger toggling, the engine's sfn_local schema). */
    public HikariDataSource owner() {
        return owner;
    }

    /** A fresh, unpooled connection as the application role. */
    public Connection appConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, APP.user(), APP.password());
    }

    public CpuMeter cpuMeter() {
        return new CpuMeter(dataDir);
    }

    public boolean durable() {
        return durable;
    }

    public String settings() {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'), "
                     + "current_setting('shared_buffers')")) {
            rs.next();
            return "fsync=" + rs.getString(1) + ", synchronous_commit=" + rs.getString(2) + ", shared_buffers=" + rs.getString(3);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public String version() {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (embedded, io.zonky)";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        app.close();
        owner.close();
        try {
            server.close();
        } catch (IOException ignored) {
            // stopping on the way out
        }
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
