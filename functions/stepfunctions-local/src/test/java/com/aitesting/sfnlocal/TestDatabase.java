package com.aitesting.sfnlocal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** One embedded PostgreSQL per test JVM (starting one costs ~2 s); every caller gets a fresh database. */
final class TestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    static synchronized DataSource fresh() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
            }
            String name = "sfn_test_" + DATABASES.incrementAndGet();
            // Built by hand: EmbeddedPostgres#getJdbcUrl appends ?user=postgres, which overrides the user given.
            String base = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(base + name);
            dataSource.setUser("postgres");
            return dataSource;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
