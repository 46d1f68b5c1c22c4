package com.aitesting.postgres;

import java.util.Objects;

/**
 * Where the database is and who connects: {@code owner} owns the tables and runs migrations; {@code app}
 * is the restricted role the application uses (not superuser, not BYPASSRLS, not the owner).
 * {@code jdbcUrl} is {@code jdbc:postgresql://host:port/database} WITHOUT a user parameter, which would
 * override the user passed to the driver.
 */
public record DatabaseConfig(String jdbcUrl, Credentials owner, Credentials app) {
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(app, "app");
        if (jdbcUrl.matches("(?i).*[?&]user=.*")) {
            throw new IllegalArgumentException("the JDBC URL must not carry user=: it would override the configured role");
        }
    }
}
