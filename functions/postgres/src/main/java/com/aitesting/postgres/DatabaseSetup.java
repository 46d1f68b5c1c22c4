package com.aitesting.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Creates what migrations cannot create for themselves, given a superuser connection (the embedded or a
 * self-managed PostgreSQL): the owner role, the application role and the database. Idempotent: existing
 * roles get their password and attributes re-applied and the app role's own session defaults dropped, an
 * existing database is kept.
 */
public final class DatabaseSetup {
    private static final String APP_ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT";
    private static final Pattern ROLE_OR_DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * @param serverJdbcUrl a URL to an existing database of the server (e.g. .../postgres), no user= parameter
     * @param database the database to create, owned by {@code config.owner()}
     */
    public static void bootstrap(String serverJdbcUrl, Credentials superuser, String database, DatabaseConfig config) {
        checkedRoleName(database);
        try (Connection c = DriverManager.getConnection(serverJdbcUrl, superuser.user(), superuser.password());
             Statement s = c.createStatement()) {
            // The owner owns the schema objects but needs no cluster privileges.
            ensureRole(c, s, config.owner(), "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
            // The app role is subject to row-level security: not superuser, not BYPASSRLS, owns nothing.
            ensureRole(c, s, config.app(), APP_ROLE_ATTRIBUTES);
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                s.execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(config.owner().user()));
            }
            resetSettings(s, config.app().user(), database);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Creates the restricted application role, or re-applies LOGIN and its password when it exists,
     * through {@code admin}: a role with CREATEROLE (on Aurora the master user, which is not a superuser).
     * Then checks that it came out as row-level security needs it: not superuser, not BYPASSRLS, and the
     * owner of no table in {@code admin}'s database (a table owner bypasses its own table's policies).
     */
    public static void ensureApplicationRole(String jdbcUrl, Credentials admin, Credentials app) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, admin.user(), admin.password());
             Statement s = c.createStatement()) {
            // Only a superuser may even state SUPERUSER/BYPASSRLS (or their NO- forms) since PostgreSQL 16, and
            // a new role has neither by default: state what a CREATEROLE admin may, then verify the rest.
            String name = quote(checkedRoleName(app.user()));
            boolean exists = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", app.user());
            s.execute((exists ? "ALTER ROLE " + name + " LOGIN" : "CREATE ROLE " + name + " LOGIN NOINHERIT")
                    + " PASSWORD " + literal(app.password()));
            try (ResultSet database = s.executeQuery("SELECT current_database()")) {
                database.next();
                resetSettings(s, app.user(), database.getString(1));
            }
            try (PreparedStatement check = c.prepareStatement("SELECT r.rolsuper OR r.rolcreaterole OR r.rolcreatedb, r.rolbypassrls, "
                    + "(SELECT count(*) FROM pg_class k WHERE k.relowner = r.oid) AS owned FROM pg_roles r WHERE r.rolname = ?")) {
                check.setString(1, app.user());
                try (ResultSet rs = check.executeQuery()) {
                    if (!rs.next() || rs.getBoolean(1) || rs.getBoolean(2) || rs.getLong(3) > 0) {
                        throw new IllegalStateException("role " + app.user()
                                + " must be neither superuser (nor CREATEROLE/CREATEDB) nor BYPASSRLS and own no table, or row-level security would not apply to it");
                    }
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Drops the defaults a role set for its own sessions (any role may: ALTER ROLE CURRENT_USER SET ...). SQL run
     * as the app role could otherwise leave row_security = off, a 1 ms statement_timeout or read-only
     * transactions behind for every later connection, across restarts; each start and deploy clears them.
     */
    private static void resetSettings(Statement s, String role, String database) throws SQLException {
        String name = quote(checkedRoleName(role));
        s.execute("ALTER ROLE " + name + " RESET ALL");
        s.execute("ALTER ROLE " + name + " IN DATABASE " + quote(checkedRoleName(database)) + " RESET ALL");
    }

    /** Role and database names are interpolated into DDL (no bind parameters there): only plain identifiers. */
    static String checkedRoleName(String name) {
        if (name == null || !ROLE_OR_DATABASE.matcher(name).matches()) {
            throw new IllegalArgumentException("role and database names must match " + ROLE_OR_DATABASE.pattern() + ": " + name);
        }
        return name;
    }

    private static void ensureRole(Connection c, Statement s, Credentials role, String attributes) throws SQLException {
        String name = quote(checkedRoleName(role.user()));
        String verb = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.user()) ? "ALTER" : "CREATE";
        s.execute(verb + " ROLE " + name + " " + attributes + " PASSWORD " + literal(role.password()));
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    /** A string literal for DDL; standard_conforming_strings is on by default since PostgreSQL 9.1. */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private DatabaseSetup() {}
}
