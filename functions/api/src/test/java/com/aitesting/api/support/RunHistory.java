package com.aitesting.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Moves a run the API queued (the test server starts no executions) as the workflow would, through the
 * repositories on the app role: queued in {@code mode} (the test server simulates, so a real run's mode is set as
 * a deployment with SIMULATE_PROGRESS=false would have queued it), begun, its first {@code steps} steps completed
 * (step.completed with the summary's mode, as ExecuteStep writes it), then left in {@code status}.
 */
public final class RunHistory {
    public static final int ALL = -1;

    private RunHistory() {}

    /** Every step completed in {@code mode}, then completed. */
    public static void complete(TestServer server, String tenant, String run, RunMode mode) {
        advance(server, tenant, run, mode, ALL, RunStatus.COMPLETED);
    }

    /** {@code steps}: how many of the plan's steps completed, or {@link #ALL}. */
    public static void advance(TestServer server, String tenant, String run, RunMode mode, int steps, RunStatus status) {
        advance(server, tenant, run, mode, steps, status, Map.of());
    }

    /** As above, each step's summary also holding {@code counts} (what an executor counted). */
    public static void advance(TestServer server, String tenant, String run, RunMode mode, int steps, RunStatus status,
                               Map<String, Object> counts) {
        PostgresTransactions tx = new PostgresTransactions(server.database().appDataSource());
        PostgresRunRepository runs = new PostgresRunRepository(tx);
        PostgresRunEventStore events = new PostgresRunEventStore(tx);
        RunId id = new RunId(UUID.fromString(run));
        tx.inTenant(new TenantId(tenant), () -> {
            tx.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET mode = ? WHERE id = ?")) {
                    ps.setString(1, mode.wire());
                    ps.setObject(2, id.value());
                    return ps.executeUpdate();
                }
            });
            if (status != RunStatus.QUEUED) {
                assertThat(runs.transition(id, RunLifecycle.ACTIVE, RunStatus.RUNNING, Instant.now())).isPresent();
            }
            int total = runs.find(id).orElseThrow().totalSteps();
            for (int i = 0; i < (steps == ALL ? total : steps); i++) {
                Map<String, Object> summary = new HashMap<>(counts);
                summary.put("mode", mode.wire());
                Map<String, Object> payload = Map.of("step_index", i, "step_id", "step" + i, "test_id", "network.nmap.tcp_top_1000",
                        "summary", summary);
                assertThat(events.append(id, new NewRunEvent(RunEventType.STEP_COMPLETED, payload,
                        RunLifecycle.stepKey(RunEventType.STEP_COMPLETED, i)))).isPresent();
                runs.recordProgress(id, new RunProgress(i + 1, i + 1 < total ? i + 1 : null, (i + 1) * 100 / total));
            }
            switch (status) {
                case QUEUED, RUNNING -> { }
                case PAUSING, PAUSED, COMPLETED, ABORTED -> {
                    if (status == RunStatus.PAUSED) {
                        assertThat(runs.transition(id, RunLifecycle.ACTIVE, RunStatus.PAUSING, Instant.now())).isPresent();
                    }
                    assertThat(runs.transition(id, RunLifecycle.ACTIVE, status, Instant.now())).isPresent();
                }
                case FAILED -> assertThat(runs.fail(id, RunLifecycle.ACTIVE, "the target stopped answering", Instant.now())).isPresent();
            }
            return null;
        });
    }
}
