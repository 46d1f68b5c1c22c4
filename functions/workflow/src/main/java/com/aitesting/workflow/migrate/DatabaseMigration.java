package com.aitesting.workflow.migrate;

import com.aitesting.aws.secrets.DatabaseLogins;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DatabaseSetup;
import com.aitesting.postgres.Migrations;
import java.util.Map;

/**
 * What one Create/Update does, in order: read the owner's login (the cluster's master user, whose secret
 * also carries host and port) and the application role's login; create that role, or re-apply its
 * attributes and password, as the owner (LOGIN NOSUPERUSER NOBYPASSRLS, owning nothing:
 * {@link DatabaseSetup#ensureApplicationRole}); then run Flyway as the owner with the placeholder
 * {@code app_role}, so every table belongs to the owner and the role only receives grants.
 */
public final class DatabaseMigration {
    private final SecretReader secrets;
    private final String location;

    public DatabaseMigration(SecretReader secrets, String location) {
        this.secrets = secrets;
        this.location = location;
    }

    /** MIGRATIONS_LOCATION, e.g. {@code filesystem:/opt} (the scripts layer); the classpath copy otherwise. */
    static String location(Map<String, String> env) {
        String value = env.get("MIGRATIONS_LOCATION");
        return value == null || value.isBlank() ? Migrations.CLASSPATH_LOCATION : value.trim();
    }

    public int apply(MigrationRequest request) {
        DatabaseLogins.Login owner = DatabaseLogins.readLogin(secrets, request.ownerSecretArn());
        if (owner.host() == null || owner.port() == null) {
            throw new IllegalStateException("secret " + request.ownerSecretArn() + " has no host and port (is it attached to the cluster?)");
        }
        Credentials app = DatabaseLogins.read(secrets, request.appRoleSecretArn());
        if (!app.user().equals(request.appRoleName())) {
            throw new IllegalStateException("secret " + request.appRoleSecretArn() + " is the login of '" + app.user()
                    + "', not of AppRoleName '" + request.appRoleName() + "'");
        }
        String jdbcUrl = "jdbc:postgresql://" + owner.host() + ":" + owner.port() + "/" + request.databaseName();
        DatabaseSetup.ensureApplicationRole(jdbcUrl, owner.credentials(), app);
        return Migrations.migrate(jdbcUrl, owner.credentials(), request.appRoleName(), location);
    }
}
