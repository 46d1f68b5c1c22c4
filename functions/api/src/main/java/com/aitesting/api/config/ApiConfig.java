package com.aitesting.api.config;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The app's settings, parsed once at start from the {@code ait.*} properties (which default to the
 * environment variables of docs/architecture.md). Invalid values stop the start with a message that
 * names the variable, rather than failing on the first request.
 */
public record ApiConfig(AuthMode authMode, String jwtTenantClaim, Database database, boolean simulateProgress) {

    /** Where the app connects as the restricted application role (not the table owner). */
    public record Database(String jdbcUrl, String user, String password, int maxPoolSize) {
        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (maxPoolSize < 1 || maxPoolSize > 100) {
                throw new IllegalArgumentException("DATABASE_MAX_POOL_SIZE must be 1..100, was " + maxPoolSize);
            }
        }

        @Override
        public String toString() { // never print the password
            return "Database[" + jdbcUrl + ", user=" + user + "]";
        }
    }

    private static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_:./-]{1,128}");

    public ApiConfig {
        Objects.requireNonNull(authMode, "authMode");
        Objects.requireNonNull(database, "database");
        if (jwtTenantClaim == null || !CLAIM.matcher(jwtTenantClaim).matches()) {
            throw new IllegalArgumentException("JWT_TENANT_CLAIM must be a claim name, was '" + jwtTenantClaim + "'");
        }
    }

    /** Parses raw property values; every argument may be null or blank (meaning: not set). */
    public static ApiConfig parse(String authMode, String jwtTenantClaim, String databaseUrl, String databaseUser,
                                  String databasePassword, String maxPoolSize, String simulateProgress) {
        return new ApiConfig(parseAuthMode(authMode), blankTo(jwtTenantClaim, "tenant_id"),
                parseDatabase(databaseUrl, databaseUser, databasePassword, maxPoolSize),
                parseBoolean("SIMULATE_PROGRESS", simulateProgress, true));
    }

    static boolean parseBoolean(String name, String value, boolean fallback) {
        if (isBlank(value)) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        };
    }

    static AuthMode parseAuthMode(String value) {
        String v = blankTo(value, "dev").trim().toUpperCase(Locale.ROOT);
        try {
            return AuthMode.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AUTH_MODE must be 'dev' or 'jwt', was '" + value + "'");
        }
    }

    /**
     * Accepts {@code jdbc:postgresql://host:port/db?...} and the common {@code postgres://user:pass@host:port/db}
     * form; user and password in the URL are used when DATABASE_USER / DATABASE_PASSWORD are not set.
     */
    public static Database parseDatabase(String url, String user, String password, String maxPoolSize) {
        if (isBlank(url)) {
            throw new IllegalArgumentException("DATABASE_URL is required (jdbc:postgresql://host:port/db or postgres://user:pass@host:port/db)");
        }
        int pool;
        try {
            pool = Integer.parseInt(blankTo(maxPoolSize, "10").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DATABASE_MAX_POOL_SIZE must be a number, was '" + maxPoolSize + "'");
        }
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql://")) {
            return new Database(u, emptyToNull(user), emptyToNull(password), pool);
        }
        if (u.startsWith("postgres://") || u.startsWith("postgresql://")) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("DATABASE_URL has no host");
            }
            String urlUser = null;
            String urlPassword = null;
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                urlUser = parts[0];
                urlPassword = parts.length > 1 ? parts[1] : null;
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Database(jdbc, isBlank(user) ? urlUser : user, isBlank(password) ? urlPassword : password, pool);
        }
        throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:// or postgres://");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankTo(String s, String fallback) {
        return isBlank(s) ? fallback : s;
    }

    private static String emptyToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
