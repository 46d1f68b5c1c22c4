package com.aitesting.local;

import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DatabaseConfig;
import com.aitesting.postgres.DatabaseSetup;
import com.aitesting.postgres.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Embedded PostgreSQL (io.zonky) for the one-machine default. The data folder is kept across restarts
 * (initdb runs only when it holds no cluster yet) unless the database is ephemeral. A kept folder is locked
 * for the life of the part ({@link DataDirLock}): a second ai-testing on it fails fast, and a PostgreSQL left
 * running by a killed one is stopped before the start (its crash recovery, if any, does the rest). Roles get
 * fresh random passwords at every start (the bootstrap re-applies them), so no secret is stored on disk.
 */
final class EmbeddedPostgresPart implements AutoCloseable {
    static final String DATABASE = "aitesting";
    static final String OWNER = "ait_owner";
    static final String APP = "ait_app";

    private final EmbeddedPostgres server;
    private final Database database;
    private final Path ephemeralDir;
    private final DataDirLock lock;

    private EmbeddedPostgresPart(EmbeddedPostgres server, Database database, Path ephemeralDir, DataDirLock lock) {
        this.server = server;
        this.database = database;
        this.ephemeralDir = ephemeralDir;
        this.lock = lock;
    }

    static EmbeddedPostgresPart start(Path dataDir, boolean ephemeral) {
        DataDirLock lock = ephemeral ? null : DataDirLock.acquire(dataDir);
        try {
            if (lock != null) {
                lock.stopLeftoverPostgres();
            }
            return startServer(dataDir, ephemeral, lock);
        } catch (RuntimeException | Error e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
    }

    private static EmbeddedPostgresPart startServer(Path dataDir, boolean ephemeral, DataDirLock lock) {
        Path ephemeralDir = null;
        EmbeddedPostgres server;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
            if (ephemeral) {
                ephemeralDir = Files.createTempDirectory("ait-pgdata-");
                builder.setDataDirectory(ephemeralDir).setCleanDataDirectory(true);
            } else {
                Files.createDirectories(dataDir);
                // Kept data must survive a crash: the library's defaults (fsync off, asynchronous commit)
                // suit throw-away test databases only.
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
            }
            server = builder.start();
        } catch (IOException | RuntimeException e) {
            String hint = ephemeral ? "" : " Is a PostgreSQL that no ai-testing started running on this folder (see "
                    + dataDir.resolve("postmaster.pid") + ")? Or set DATA_DIR to another folder.";
            throw new IllegalStateException("Cannot start embedded PostgreSQL in " + (ephemeral ? "a temporary folder" : dataDir)
                    + ": " + e.getMessage() + "." + hint, e);
        }
        try {
            // Built by hand: getJdbcUrl() appends ?user=postgres, which would override the app role.
            String serverUrl = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
            String jdbcUrl = "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
            DatabaseConfig config = new DatabaseConfig(jdbcUrl, new Credentials(OWNER, secret()), new Credentials(APP, secret()));
            DatabaseSetup.bootstrap(serverUrl, new Credentials("postgres", ""), DATABASE, config);
            Migrations.migrate(config);
            String where = ephemeral ? "a throw-away embedded PostgreSQL" : "embedded PostgreSQL, data in " + dataDir;
            return new EmbeddedPostgresPart(server, new Database(jdbcUrl, config.app(), Optional.of(config.owner()), where),
                    ephemeralDir, lock);
        } catch (RuntimeException | Error e) {
            closeQuietly(server);
            throw e;
        }
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        closeQuietly(server);
        if (ephemeralDir != null) {
            deleteQuietly(ephemeralDir);
        }
        if (lock != null) {
            lock.close(); // only once the server has stopped: the next holder must find no postmaster of ours
        }
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // stopping on the way out; nothing useful to do with a failure here
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
