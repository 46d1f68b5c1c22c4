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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Embedded PostgreSQL (io.zonky) for the one-machine default. The data folder is kept across restarts
 * (initdb runs only when it holds no cluster yet) unless the database is ephemeral. A kept folder is locked
 * for the life of the part ({@link DataDirLock}): a second ai-testing on it fails fast, and a PostgreSQL left
 * running by a killed one is stopped before the start (its crash recovery, if any, does the rest). The
 * application and owner roles get fresh random passwords at every start (the bootstrap re-applies them).
 *
 * <p>The server listens on loopback only and asks every role for its password (scram-sha-256), the
 * {@code postgres} superuser included: otherwise any local process could log in as superuser and read every
 * tenant's rows past row-level security. The superuser's password is random per start for an ephemeral
 * database; for a kept folder it is created once and kept beside it ({@link #passwordFile}, owner-only),
 * because initdb bakes it into the cluster. A folder initialised by an older version with trust
 * authentication is switched to passwords at its next start.
 */
final class EmbeddedPostgresPart implements AutoCloseable {
    static final String DATABASE = "aitesting";
    static final String OWNER = "ait_owner";
    static final String APP = "ait_app";
    static final String SUPERUSER = "postgres";
    /** Every connection, local socket or loopback TCP, must give its role's password. */
    static final String PG_HBA = """
            # Written by ai-testing (EmbeddedPostgresPart): every role logs in with its password, over loopback only.
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

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

    /** Where the PostgreSQL binaries are unpacked and run from: beside the data folder, private to this user. */
    static Path binariesDir(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolveSibling("pg-binaries");
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
        Path binaries = PrivateDirectory.require(binariesDir(dataDir));
        Path ephemeralDir = null;
        EmbeddedPostgres server;
        String superuserPassword;
        Path pwfileToDelete = null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false)
                    // the binaries this process executes: never the library's shared, world-writable default
                    .setOverrideWorkingDirectory(binaries.resolve("unpacked").toFile())
                    .setServerConfig("listen_addresses", "localhost")
                    // Every password here is random (144 bits or more), so the key-stretching of the default 4096
                    // iterations buys nothing against guessing; it would cost every new pooled connection CPU time.
                    .setServerConfig("scram_iterations", "256");
            Path pgData;
            if (ephemeral) {
                ephemeralDir = Files.createTempDirectory("ait-pgdata-");
                pgData = ephemeralDir.resolve("data");
                superuserPassword = secret();
                builder.setDataDirectory(pgData).setCleanDataDirectory(true);
            } else {
                pgData = dataDir;
                superuserPassword = SecretFile.readOrCreate(passwordFile(dataDir), EmbeddedPostgresPart::secret);
                Files.createDirectories(dataDir);
                // Kept data must survive a crash: the library's defaults (fsync off, asynchronous commit)
                // suit throw-away test databases only.
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
            }
            boolean fresh = !Files.exists(pgData.resolve("PG_VERSION"));
            if (fresh) {
                // initdb's own flags after zonky's "-A trust": the later --auth wins, and --pwfile sets the superuser's password
                Path pwfile = (ephemeral ? ephemeralDir : dataDir.getParent()).resolve("." + pgData.getFileName() + ".initdb-pw");
                SecretFile.write(pwfile, superuserPassword);
                pwfileToDelete = pwfile;
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
            }
            builder.setConnectConfig("password", superuserPassword); // zonky's own readiness check logs in too
            try {
                server = builder.start();
            } finally {
                if (pwfileToDelete != null) {
                    Files.deleteIfExists(pwfileToDelete);
                }
            }
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
            Credentials superuser = new Credentials(SUPERUSER, superuserPassword);
            requirePasswords(server, serverUrl, superuser);
            DatabaseSetup.bootstrap(serverUrl, superuser, DATABASE, config);
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

    /** Where a kept data folder's superuser password lives: beside the folder, e.g. .ai-testing/pgdata.superuser-password. */
    static Path passwordFile(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".superuser-password");
    }

    /**
     * A cluster initialised with trust authentication (by an older version) gets the superuser's password and
     * a pg_hba.conf that asks every connection for a password, applied with a reload.
     */
    private static void requirePasswords(EmbeddedPostgres server, String serverUrl, Credentials superuser) {
        Path hba;
        try (Connection c = java.sql.DriverManager.getConnection(serverUrl, superuser.user(), superuser.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hba = Path.of(rs.getString(1));
            String current = Files.readString(hba);
            if (current.equals(PG_HBA)) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT format('ALTER ROLE postgres PASSWORD %L', ?)")) {
                ps.setString(1, superuser.password());
                try (ResultSet sql = ps.executeQuery()) {
                    sql.next();
                    s.execute(sql.getString(1));
                }
            }
            Files.writeString(hba, PG_HBA);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot switch the embedded PostgreSQL to password authentication: " + e.getMessage(), e);
        }
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
