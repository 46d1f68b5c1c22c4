package com.aitesting.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * V064 gives every run a mode. Runs written before it get theirs from what they left behind: a step that said
 * "real" or a stored finding makes a run real; anything else is simulated, the side that never probes.
 */
class RunModeMigrationIT {
    @Test
    void existingRunsAreRealOnlyWhereAStepOrAFindingShowsItAndEveryTenantsRunsAreFilled() throws SQLException {
        try (EmbeddedDatabase.Migrated db = EmbeddedDatabase.createMigratedTo("63")) {
            Map<String, UUID> runs = Map.of(
                    "real step", UUID.randomUUID(), "finding only", UUID.randomUUID(), "simulated step", UUID.randomUUID(),
                    "nothing yet", UUID.randomUUID(), "other tenant's real step", UUID.randomUUID());
            try (Connection c = db.appDataSource().getConnection()) {
                legacyRun(c, "t_one", runs.get("real step"), "{\"mode\": \"real\", \"probes\": 3}", false);
                legacyRun(c, "t_one", runs.get("finding only"), null, true);
                legacyRun(c, "t_one", runs.get("simulated step"), "{\"mode\": \"simulated\", \"findings\": 2}", false);
                legacyRun(c, "t_one", runs.get("nothing yet"), null, false);
                legacyRun(c, "t_two", runs.get("other tenant's real step"), "{\"mode\": \"real\"}", false);
            }

            assertThat(Migrations.migrate(db.config())).as("V064 and later applied").isPositive();

            PostgresTransactions tx = new PostgresTransactions(db.appDataSource());
            PostgresRunRepository repository = new PostgresRunRepository(tx);
            Map<String, RunMode> expected = Map.of("real step", RunMode.REAL, "finding only", RunMode.REAL,
                    "simulated step", RunMode.SIMULATED, "nothing yet", RunMode.SIMULATED, "other tenant's real step", RunMode.REAL);
            expected.forEach((name, mode) -> {
                TenantId tenant = new TenantId(name.startsWith("other") ? "t_two" : "t_one");
                assertThat(tx.inTenant(tenant, () -> repository.find(new RunId(runs.get(name)))).orElseThrow().mode())
                        .as(name).isEqualTo(mode);
            });
            try (Connection c = db.ownerDataSource().getConnection(); Statement s = c.createStatement()) {
                var forced = s.executeQuery("SELECT relname FROM pg_class WHERE relname IN ('runs', 'run_events', 'findings')"
                        + " AND relrowsecurity AND relforcerowsecurity");
                int count = 0;
                while (forced.next()) {
                    count++;
                }
                assertThat(count).as("row-level security is forced again on all three tables").isEqualTo(3);
            }
            try (Connection c = db.appDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT set_config('app.tenant_id', 't_one', false)");
                assertThatThrownBy(() -> s.executeUpdate("UPDATE runs SET mode = 'sometimes'")).hasMessageContaining("runs_mode_check");
                assertThatThrownBy(() -> s.executeUpdate("UPDATE runs SET mode = NULL")).hasMessageContaining("mode");
            }
        }
    }

    /** A run as the schema before V064 held it, with one step.completed of {@code summary} and a finding if asked. */
    private static void legacyRun(Connection c, String tenant, UUID run, String summary, boolean finding) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT set_config('app.tenant_id', '" + tenant + "', false)");
        }
        UUID engagement = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        execute(c, "INSERT INTO engagements (id, tenant_id, name, type, risk_tier, scope, created_at, created_by) "
                + "VALUES (?, ?, 'Legacy', 'network', 'safe_active', '{}'::jsonb, now(), 'yered')", engagement, tenant);
        execute(c, "INSERT INTO plans (id, tenant_id, engagement_id, risk_tier, strategy, tests, steps, "
                + "estimated_duration_seconds, created_at) VALUES (?, ?, ?, 'safe_active', 'recommended', '[]', '[]', 0, now())",
                plan, tenant, engagement);
        execute(c, "INSERT INTO runs (id, tenant_id, engagement_id, plan_id, status, total_steps, created_at) "
                + "VALUES (?, ?, ?, ?, 'running', 2, now())", run, tenant, engagement, plan);
        if (summary != null) {
            execute(c, "INSERT INTO run_events (tenant_id, run_id, seq, type, payload, idempotency_key) "
                    + "VALUES (?, ?, 1, 'step.completed', jsonb_build_object('step_index', 0, 'summary', ?::jsonb), 'step.completed:0')",
                    tenant, run, summary);
        }
        if (finding) {
            execute(c, "INSERT INTO findings (id, tenant_id, run_id, step_index, test_id, rule_id, severity, title, description, "
                    + "target_address, target_port, fingerprint) VALUES (?, ?, ?, 0, 'network.nmap.tcp_top_1000', "
                    + "'network.port.open', 'info', 'Open TCP port 22', 'accepted', '127.0.0.1', 22, ?)",
                    UUID.randomUUID(), tenant, run, "fp-" + run);
        }
    }

    private static void execute(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
