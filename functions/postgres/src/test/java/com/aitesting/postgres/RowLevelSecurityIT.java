package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowLevelSecurityIT {
    private static final List<String> TENANT_TABLES = List.of("engagements", "plans", "runs", "run_events",
            "findings", "engagement_authorizations", "idempotency_keys");
    private static EmbeddedDatabase.Migrated db;
    private static Fixtures fx;
    private static Run runOfA;
    private static Engagement engagementOfB;

    @BeforeAll
    static void setUp() {
        db = EmbeddedDatabase.createMigrated();
        fx = new Fixtures(db);
        runOfA = fx.queuedRun(Fixtures.actor("t_a"));
        engagementOfB = fx.engagement(Fixtures.actor("t_b"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void appRoleIsNeitherSuperuserNorBypassRlsNorOwnerOfAnyTable() throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = '" + EmbeddedDatabase.APP + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isFalse();
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getBoolean(3)).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = '" + EmbeddedDatabase.APP + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void everyTenantTableEnablesAndForcesRowLevelSecurity() throws SQLException {
        try (Connection c = db.ownerDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ?")) {
            for (String table : TENANT_TABLES) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as(table).isTrue();
                    assertThat(rs.getBoolean(1)).as(table + " enabled").isTrue();
                    assertThat(rs.getBoolean(2)).as(table + " forced").isTrue();
                }
            }
        }
    }

    @Test
    void appRoleWithNoTenantBoundSeesNoRows() throws SQLException {
        try (Connection c = db.appDataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : TENANT_TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(table).isZero();
                }
            }
        }
    }

    @Test
    void appRoleWithNoTenantBoundCannotInsert() throws SQLException {
        try (Connection c = db.appDataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO engagements (id, tenant_id, name, type, risk_tier, scope, created_at, created_by) "
                     + "VALUES (?, 't_a', 'x', 'network', 'passive', '{}', now(), 'u')")) {
            ps.setObject(1, UUID.randomUUID());
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void tenantCannotInsertRowsForAnotherTenant() {
        assertThatThrownBy(() -> fx.transactions.inTenant(Fixtures.actor("t_a").tenant(), () -> fx.transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO engagements (id, tenant_id, name, type, risk_tier, scope, created_at, created_by) "
                    + "VALUES (?, 't_b', 'x', 'network', 'passive', '{}', now(), 'u')")) {
                ps.setObject(1, UUID.randomUUID());
                return ps.executeUpdate();
            }
        }))).isInstanceOf(PermanentDataAccessException.class)
                .hasMessageNotContaining("INSERT")
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("42501"));
    }

    @Test
    void tenantCannotSeeOrChangeAnotherTenantsRows() {
        Actor b = Fixtures.actor("t_b");
        fx.transactions.inTenant(b.tenant(), () -> {
            assertThat(fx.runs.find(runOfA.id())).isEmpty();
            assertThat(fx.engagements.find(runOfA.engagementId())).isEmpty();
            assertThat(fx.plans.find(runOfA.planId())).isEmpty();
            assertThat(fx.events.listAfter(runOfA.id(), 0, 100)).isEmpty();
            assertThat(fx.engagements.list(java.util.Optional.empty(), 100)).extracting(Engagement::id).containsExactly(engagementOfB.id());
            assertThat(fx.runs.transition(runOfA.id(), Set.of(RunStatus.QUEUED), RunStatus.ABORTED, Instant.now())).isEmpty();
            assertThat(fx.events.append(runOfA.id(), new com.aitesting.core.run.NewRunEvent("run.aborted", java.util.Map.of(), "x"))).isEmpty();
        });
        Actor a = Fixtures.actor("t_a");
        assertThat(fx.transactions.inTenant(a.tenant(), () -> fx.runs.find(runOfA.id())).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void repositoriesOutsideATransactionFailClosed() {
        assertThatThrownBy(() -> fx.runs.find(runOfA.id())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appRoleCannotCreateTemporaryTablesThatWouldShadowTheRealOnes() throws SQLException {
        try (Connection c = db.appDataSource().getConnection(); Statement s = c.createStatement()) {
            // a temporary run_events would come before public.run_events for every unqualified query on this connection
            assertThatThrownBy(() -> s.execute("CREATE TEMP TABLE run_events (LIKE public.run_events)"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void sessionDefaultsTheAppRoleSetForItselfAreDroppedAtTheNextBootstrap() throws SQLException {
        String database = "ait_reset_" + UUID.randomUUID().toString().substring(0, 8);
        Credentials app = new Credentials("ait_app_reset", "reset-secret");
        DatabaseConfig config = new DatabaseConfig(EmbeddedDatabase.jdbcUrl(database), new Credentials("ait_owner_reset", "owner-secret"), app);
        DatabaseSetup.bootstrap(EmbeddedDatabase.serverUrl(), EmbeddedDatabase.superuser(), database, config);
        try (Connection c = java.sql.DriverManager.getConnection(config.jdbcUrl(), app.user(), app.password());
             Statement s = c.createStatement()) {
            s.execute("ALTER ROLE CURRENT_USER SET row_security = off");
            s.execute("ALTER ROLE CURRENT_USER IN DATABASE " + database + " SET statement_timeout = '1ms'");
        }
        assertThat(settingsOf(app.user())).as("planted").hasSize(2);

        DatabaseSetup.bootstrap(EmbeddedDatabase.serverUrl(), EmbeddedDatabase.superuser(), database, config);

        assertThat(settingsOf(app.user())).isEmpty();
    }

    private static List<String> settingsOf(String role) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(EmbeddedDatabase.serverUrl(), EmbeddedDatabase.superuser().user(),
                EmbeddedDatabase.superuser().password());
             PreparedStatement ps = c.prepareStatement("SELECT unnest(setconfig) FROM pg_db_role_setting s "
                     + "JOIN pg_roles r ON r.oid = s.setrole WHERE r.rolname = ?")) {
            ps.setString(1, role);
            List<String> settings = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    settings.add(rs.getString(1));
                }
            }
            return settings;
        }
    }

    @Test
    void migrationsRerunApplyNothing() {
        assertThat(Migrations.migrate(db.config())).isZero();
    }
}
