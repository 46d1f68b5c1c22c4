package com.aitesting.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The application's connection pool. */
public final class DataSources {
    public static HikariDataSource pooled(String jdbcUrl, Credentials login, int maxPoolSize, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(login.user());
        config.setPassword(login.password());
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName(poolName);
        // PostgresTransactions sets auto-commit off per transaction; start from the driver's default
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }

    private DataSources() {}
}
