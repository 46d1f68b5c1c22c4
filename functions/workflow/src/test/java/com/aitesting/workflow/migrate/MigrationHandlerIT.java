package com.aitesting.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.postgres.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The migration as it runs on Aurora, on a real embedded PostgreSQL: the owner is a CREATEROLE login that
 * is NOT a superuser (like Aurora's master user) and owns the database; the application role does not
 * exist yet. The handler reads both logins from (fake) Secrets Manager secrets in the RDS shape, creates
 * the role, and applies the scripts from a filesystem location, as the layer provides them.
 */
class MigrationHandlerIT {
    private static final AtomicInteger N = new AtomicInteger();

    private record Cluster(String database, String owner, String app, Map<String, String> secrets, Map<String, Object> props) {}

    private static Cluster newCluster() throws SQLException {
        int n = N.incrementAndGet();
        String database = "ait_mig_" + n + "_" + ProcessHandle.current().pid();
        String owner = "mig_owner_" + n + "_" + ProcessHandle.current().pid();
        String app = "mig_app_" + n + "_" + ProcessHandle.current().pid();
        try (Connection c = superuser(EmbeddedDatabase.serverUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + owner + " LOGIN CREATEROLE NOSUPERUSER PASSWORD 'owner-pw'");
            s.execute("CREATE DATABASE " + database + " OWNER " + owner);
        }
        int port = Integer.parseInt(EmbeddedDatabase.serverUrl().replaceAll(".*:(\\d+)/.*", "$1"));
        Map<String, String> secrets = Map.of(
                "arn:owner", "{\"username\":\"" + owner + "\",\"password\":\"owner-pw\",\"engine\":\"postgres\",\"host\":\"localhost\",\"port\":" + port + ",\"dbname\":\"" + database + "\"}",
                "arn:app", "{\"username\":\"" + app + "\",\"password\":\"app-pw-1\",\"engine\":\"postgres\",\"host\":\"localhost\",\"port\":" + port + ",\"dbname\":\"" + database + "\"}");
        Map<String, Object> props = Map.of("OwnerSecretArn", "arn:owner", "AppRoleName", app,
                "AppRoleSecretArn", "arn:app", "DatabaseName", database, "MigrationsHash", "h");
        return new Cluster(database, owner, app, secrets, props);
    }

    private static Connection superuser(String url) throws SQLException {
        return DriverManager.getConnection(url, EmbeddedDatabase.superuser().user(), EmbeddedDatabase.superuser().password());
    }

    private static Map<String, Object> event(String type, Cluster cluster) {
        Map<String, Object> event = new HashMap<>(Map.of("RequestType", type, "ResponseURL", "...", "ResourceProperties", cluster.props()));
        if (!type.equals("Create")) {
            event.put("PhysicalResourceId", MigrationHandler.PHYSICAL_ID);
        }
        return event;
    }

    /** The scripts in migrations/ copied to a folder, as the Lambda layer puts them under /opt. */
    private static String layerLocation() throws Exception {
        Path layer = Files.createTempDirectory("migrations-layer");
        try (var scripts = Files.list(Paths.get("../../migrations"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Files.copy(script, layer.resolve(script.getFileName()));
            }
        }
        return "filesystem:" + layer;
    }

    @Test
    void createMakesTheRestrictedRoleAndMigratesAsTheOwner() throws Exception {
        Cluster cluster = newCluster();
        SecretReader secrets = cluster.secrets()::get;
        MigrationHandler handler = new MigrationHandler(new DatabaseMigration(secrets, layerLocation())::apply);

        Map<String, Object> created = handler.handleRequest(event("Create", cluster), null);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) created.get("Data");
        assertThat((Integer) data.get("MigrationsApplied")).isGreaterThanOrEqualTo(6);

        String dbUrl = EmbeddedDatabase.serverUrl().replace("/postgres", "/" + cluster.database());
        try (Connection c = superuser(dbUrl); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = '" + cluster.app() + "'")) {
                assertThat(rs.next()).as("app role created").isTrue();
                assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                        .containsExactly(true, false, false, false);
            }
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relname IN ('runs', 'run_events', 'engagements')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(cluster.owner());
                assertThat(rs.next()).as("one owner").isFalse();
            }
        }
        // The role logs in with the secret's password, may read the tables, and sees nothing with no tenant bound.
        try (Connection app = DriverManager.getConnection(dbUrl, cluster.app(), "app-pw-1"); Statement s = app.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM runs")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }

        // A redeploy with changed scripts: nothing new to apply, the role's password follows its secret.
        Map<String, String> rotated = new HashMap<>(cluster.secrets());
        rotated.put("arn:app", cluster.secrets().get("arn:app").replace("app-pw-1", "app-pw-2"));
        Map<String, Object> updated = new MigrationHandler(new DatabaseMigration(rotated::get, layerLocation())::apply)
                .handleRequest(event("Update", cluster), null);
        assertThat(updated).containsEntry("PhysicalResourceId", MigrationHandler.PHYSICAL_ID)
                .containsEntry("Data", Map.of("MigrationsApplied", 0));
        try (Connection app = DriverManager.getConnection(dbUrl, cluster.app(), "app-pw-2")) {
            assertThat(app.isValid(2)).isTrue();
        }
    }

    @Test
    void anAppRoleSecretForAnotherRoleFailsWithoutTouchingTheDatabase() throws Exception {
        Cluster cluster = newCluster();
        Map<String, String> secrets = new HashMap<>(cluster.secrets());
        secrets.put("arn:app", "{\"username\":\"someone_else\",\"password\":\"pw\"}");
        MigrationHandler handler = new MigrationHandler(new DatabaseMigration(secrets::get, layerLocation())::apply);
        assertThatThrownBy(() -> handler.handleRequest(event("Create", cluster), null))
                .hasMessageContaining("not of AppRoleName").hasMessageNotContaining("pw\"");
    }
}
