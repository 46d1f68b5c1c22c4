package com.aitesting.postgres;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.read.RunReadSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Table runs. Every change is one conditional {@code UPDATE ... RETURNING}; the use cases lock the row first
 * ({@link #lock}) and decide with {@link RunLifecycle}, whose sets arrive here as parameters, never as literals.
 */
public final class PostgresRunRepository implements RunRepository {
    private static final String STORED = "id, tenant_id, engagement_id, plan_id, status, total_steps, completed_steps, "
            + "current_step_index, percent, execution_id, created_at, started_at, finished_at, failure_reason, mode";
    /** The stored columns and the run's latest seq. */
    private static final String COLUMNS = STORED + ", " + RunReadSql.latestSeqOf("runs.id") + " AS last_event_seq";

    private final PostgresTransactions transactions;

    public PostgresRunRepository(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Run run) {
        transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO runs (" + STORED + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setObject(1, run.id().value());
                ps.setString(2, run.tenant().value());
                ps.setObject(3, run.engagementId().value());
                ps.setObject(4, run.planId().value());
                ps.setString(5, run.status().wire());
                ps.setInt(6, run.totalSteps());
                ps.setInt(7, run.completedSteps());
                ps.setObject(8, run.currentStepIndex(), Types.INTEGER);
                ps.setInt(9, run.percent());
                ps.setString(10, run.executionId());
                Columns.setInstant(ps, 11, run.createdAt());
                Columns.setInstant(ps, 12, run.startedAt());
                Columns.setInstant(ps, 13, run.finishedAt());
                ps.setString(14, run.failureReason());
                ps.setString(15, run.mode().wire());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Run> find(RunId id) {
        return one("SELECT " + COLUMNS + " FROM runs WHERE id = ?", id.value());
    }

    @Override
    public List<Run> listByEngagement(EngagementId engagement, Optional<PageKey> after, int limit) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE engagement_id = ?"
                    + (after.isPresent() ? " AND (created_at, id) < (?, ?)" : "") + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
                ps.setObject(1, engagement.value());
                int next = Columns.setPageAfter(ps, 2, after);
                ps.setInt(next, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Run> page = new ArrayList<>();
                    while (rs.next()) {
                        page.add(read(rs));
                    }
                    return page;
                }
            }
        });
    }

    /**
     * Locks first, then reads in a statement of its own: its snapshot is taken once the lock is held, so the
     * latest seq (read from run_events) includes what the previous lock holder committed.
     */
    @Override
    public Optional<Run> lock(RunId id) {
        boolean locked = transactions.query("SELECT 1 FROM runs WHERE id = ? FOR UPDATE",
                (c, ps, first) -> ps.setObject(first, id.value()), ResultSet::next);
        return locked ? find(id) : Optional.empty();
    }

    @Override
    public Optional<Run> transition(RunId run, Set<RunStatus> from, RunStatus to, Instant at) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, "
                    + "started_at = CASE WHEN ? THEN coalesce(started_at, ?) ELSE started_at END, "
                    + "finished_at = CASE WHEN ? THEN ? ELSE finished_at END "
                    + "WHERE id = ? AND status = ANY (?) RETURNING " + COLUMNS)) {
                ps.setString(1, to.wire());
                ps.setBoolean(2, RunLifecycle.starts(to));
                Columns.setInstant(ps, 3, at);
                ps.setBoolean(4, RunLifecycle.isEnded(to));
                Columns.setInstant(ps, 5, at);
                ps.setObject(6, run.value());
                ps.setArray(7, statuses(c, from));
                return returning(ps);
            }
        });
    }

    @Override
    public Optional<Run> fail(RunId run, Set<RunStatus> from, String reason, Instant at) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, failure_reason = ?, "
                    + "finished_at = ? WHERE id = ? AND status = ANY (?) RETURNING " + COLUMNS)) {
                ps.setString(1, RunStatus.FAILED.wire());
                ps.setString(2, reason);
                Columns.setInstant(ps, 3, at);
                ps.setObject(4, run.value());
                ps.setArray(5, statuses(c, from));
                return returning(ps);
            }
        });
    }

    @Override
    public Optional<Run> recordExecution(RunId run, String executionId) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET execution_id = ? WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setString(1, executionId);
                ps.setObject(2, run.value());
                return returning(ps);
            }
        });
    }

    @Override
    public Optional<Run> recordProgress(RunId run, RunProgress progress) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET completed_steps = ?, current_step_index = ?, "
                    + "percent = ? WHERE id = ? RETURNING " + COLUMNS)) {
                ps.setInt(1, progress.completedSteps());
                ps.setObject(2, progress.currentStepIndex(), Types.INTEGER);
                ps.setInt(3, progress.percent());
                ps.setObject(4, run.value());
                return returning(ps);
            }
        });
    }

    @Override
    public boolean storeTaskToken(RunId run, String taskToken, Set<RunStatus> whenIn) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET task_token = ? WHERE id = ? AND status = ANY (?)")) {
                ps.setString(1, taskToken);
                ps.setObject(2, run.value());
                ps.setArray(3, statuses(c, whenIn));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<String> takeTaskToken(RunId run) {
        // The sub-select locks the row and reads the old token; the UPDATE clears it. A second caller
        // waits for the lock and then finds no token.
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs r SET task_token = NULL "
                    + "FROM (SELECT id, task_token FROM runs WHERE id = ? AND task_token IS NOT NULL FOR UPDATE) old "
                    + "WHERE r.id = old.id RETURNING old.task_token")) {
                ps.setObject(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private Optional<Run> one(String sql, UUID id) {
        return transactions.query(sql, (c, ps, first) -> ps.setObject(first, id),
                PostgresRunRepository::first);
    }

    private static Optional<Run> returning(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return first(rs);
        }
    }

    private static Optional<Run> first(ResultSet rs) throws SQLException {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }

    private static Array statuses(Connection c, Set<RunStatus> statuses) throws SQLException {
        return c.createArrayOf("text", statuses.stream().map(RunStatus::wire).toArray());
    }

    /** The column's CHECK allows only the two wire names. */
    private static RunMode mode(String stored) {
        return RunMode.fromWire(stored).orElseThrow(() -> new IllegalStateException("runs.mode holds an unknown mode: " + stored));
    }

    private static Run read(ResultSet rs) throws SQLException {
        return new Run(
                new RunId(rs.getObject("id", UUID.class)),
                new TenantId(rs.getString("tenant_id")),
                new EngagementId(rs.getObject("engagement_id", UUID.class)),
                new PlanId(rs.getObject("plan_id", UUID.class)),
                RunStatus.fromWire(rs.getString("status")),
                mode(rs.getString("mode")),
                rs.getInt("total_steps"),
                rs.getInt("completed_steps"),
                rs.getObject("current_step_index", Integer.class),
                rs.getInt("percent"),
                rs.getString("execution_id"),
                Columns.instant(rs, "created_at"),
                Columns.instant(rs, "started_at"),
                Columns.instant(rs, "finished_at"),
                rs.getString("failure_reason"),
                rs.getLong("last_event_seq"));
    }
}
