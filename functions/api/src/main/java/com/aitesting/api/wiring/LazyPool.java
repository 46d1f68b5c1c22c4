package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.postgres.Credentials;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application role's connection pool, created at the first {@link #getConnection()} rather than at
 * start. Why: the API Lambda uses SnapStart, whose snapshot is taken after the app has started; a pool
 * created before it would be restored with sockets the database closed long ago (and with the password
 * read before the snapshot). Created on first use, it is always created after the restore. An unreachable
 * database still does not fail the start: the pool keeps trying, requests get a 503 problem.
 */
public final class LazyPool implements DataSource, AutoCloseable {
    private final ApiConfig.Database database;
    private final AppRoleLogin login;
    private volatile HikariDataSource pool;
    private volatile boolean closed;

    public LazyPool(ApiConfig.Database database, AppRoleLogin login) {
        this.database = database;
        this.login = login;
    }

    /** Whether the pool has been created (tests: nothing connects before the first request). */
    public boolean started() {
        return pool != null;
    }

    private HikariDataSource pool() {
        HikariDataSource p = pool;
        if (p == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("the connection pool is closed");
                }
                p = pool;
                if (p == null) {
                    Credentials credentials = login.get();
                    HikariConfig config = new HikariConfig();
                    config.setJdbcUrl(database.jdbcUrl());
                    config.setUsername(credentials.user().isEmpty() ? null : credentials.user());
                    config.setPassword(credentials.password().isEmpty() ? null : credentials.password());
                    config.setMaximumPoolSize(database.maxPoolSize());
                    config.setPoolName("ait-api");
                    config.setAutoCommit(true); // PostgresTransactions turns it off per transaction
                    config.setInitializationFailTimeout(-1);
                    config.setConnectionTimeout(5_000);
                    p = new HikariDataSource(config);
                    pool = p;
                }
            }
        }
        return p;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool connects as the application role only");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool().isWrapperFor(type);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }
}
