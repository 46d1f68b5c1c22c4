package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Engine tables in their own schema {@code sfn_local}, created on first use. They are engine state,
 * not tenant data, so they have no row-level security.
 */
final class PostgresExecutionStore implements ExecutionStore {

    private static final String SCHEMA = """
            CREATE SCHEMA IF NOT EXISTS sfn_local;
            CREATE TABLE IF NOT EXISTS sfn_local.state_machines (
                arn text PRIMARY KEY,
                name text NOT NULL,
                definition text NOT NULL,
                created_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS sfn_local.executions (
                arn text PRIMARY KEY,
                state_machine_arn text NOT NULL,
                name text NOT NULL,
                status text NOT NULL,
                input text NOT NULL,
                output text,
                error text,
                cause text,
                start_date timestamptz NOT NULL,
                stop_date timestamptz,
                position text,
                last_event_id bigint NOT NULL);
            CREATE INDEX IF NOT EXISTS executions_by_state_machine
                ON sfn_local.executions (state_machine_arn, start_date DESC);
            CREATE INDEX IF NOT EXISTS executions_running ON sfn_local.executions (status) WHERE status = 'RUNNING';
            CREATE TABLE IF NOT EXISTS sfn_local.history_events (
                execution_arn text NOT NULL,
                id bigint NOT NULL,
                previous_event_id bigint NOT NULL,
                type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                details_key text,
                details text,
                PRIMARY KEY (execution_arn, id));
            CREATE TABLE IF NOT EXISTS sfn_local.task_tokens (
                token text PRIMARY KEY,
                execution_arn text NOT NULL,
                status text NOT NULL);
            CREATE INDEX IF NOT EXISTS task_tokens_waiting ON sfn_local.task_tokens (execution_arn) WHERE status = 'WAITING';
            """;
    private static final String EXECUTION_COLUMNS =
            "arn, state_machine_arn, name, status, input, output, error, cause, start_date, stop_date";

    private final DataSource dataSource;

    PostgresExecutionStore(DataSource dataSource) {
        this.dataSource = dataSource;
        transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(SCHEMA);
            }
            return null;
        });
    }

    @Override
    public void saveStateMachine(StateMachineDescription sm) {
        transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO sfn_local.state_machines (arn, name, definition, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (arn) DO UPDATE SET definition = EXCLUDED.definition""")) {
                s.setString(1, sm.stateMachineArn());
                s.setString(2, sm.name());
                s.setString(3, sm.definition());
                s.setObject(4, utc(sm.creationDate()));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<StateMachineDescription> stateMachines() {
        return transaction(c -> {
            List<StateMachineDescription> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT arn, name, definition, created_at FROM sfn_local.state_machines ORDER BY name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StateMachineDescription(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4)));
                }
            }
            return out;
        });
    }

    @Override
    public boolean insertExecution(ExecutionDescription e, String position, List<HistoryEvent> events) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sfn_local.executions (" + EXECUTION_COLUMNS
                    + ", position, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING")) {
                bindExecution(s, e);
                s.setString(11, position);
                s.setLong(12, events.size());
                if (s.executeUpdate() == 0) {
                    return false;
                }
            }
            insertEvents(c, e.executionArn(), events);
            return true;
        });
    }

    @Override
    public void saveExecution(ExecutionDescription e, String position, long lastEventId, List<HistoryEvent> events,
                              List<TokenChange> tokens) {
        transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE sfn_local.executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?,
                        position = ?, last_event_id = ? WHERE arn = ?""")) {
                s.setString(1, e.status().name());
                s.setString(2, e.output());
                s.setString(3, e.error());
                s.setString(4, e.cause());
                s.setObject(5, utc(e.stopDate()));
                s.setString(6, position);
                s.setLong(7, lastEventId);
                s.setString(8, e.executionArn());
                s.executeUpdate();
            }
            insertEvents(c, e.executionArn(), events);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO sfn_local.task_tokens (token, execution_arn, status) VALUES (?, ?, ?)
                    ON CONFLICT (token) DO UPDATE SET status = EXCLUDED.status""")) {
                for (TokenChange t : tokens) {
                    s.setString(1, t.token());
                    s.setString(2, e.executionArn());
                    s.setString(3, t.status().name());
                    s.addBatch();
                }
                s.executeBatch();
            }
            if (e.status() != ExecutionStatus.RUNNING) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE sfn_local.task_tokens SET status = 'CLOSED' WHERE execution_arn = ? AND status = 'WAITING'")) {
                    s.setString(1, e.executionArn());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<ExecutionDescription> execution(String executionArn) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + EXECUTION_COLUMNS + " FROM sfn_local.executions WHERE arn = ?")) {
                s.setString(1, executionArn);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(execution(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ExecutionDescription> executions(String stateMachineArn, ExecutionStatus status) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS + """
                     FROM sfn_local.executions WHERE state_machine_arn = ? AND (?::text IS NULL OR status = ?)
                    ORDER BY start_date DESC, arn""")) {
                s.setString(1, stateMachineArn);
                s.setString(2, status == null ? null : status.name());
                s.setString(3, status == null ? null : status.name());
                List<ExecutionDescription> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(execution(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Resumable> running() {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + EXECUTION_COLUMNS
                    + ", position, last_event_id FROM sfn_local.executions WHERE status = 'RUNNING' ORDER BY start_date");
                 ResultSet rs = s.executeQuery()) {
                List<Resumable> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Resumable(execution(rs), rs.getString(11), rs.getLong(12)));
                }
                return out;
            }
        });
    }

    @Override
    public List<HistoryEvent> history(String executionArn) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT id, previous_event_id, type, occurred_at, details_key, details
                    FROM sfn_local.history_events WHERE execution_arn = ? ORDER BY id""")) {
                s.setString(1, executionArn);
                List<HistoryEvent> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String details = rs.getString(6);
                        out.add(new HistoryEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), instant(rs, 4),
                                rs.getString(5), details == null ? null : (ObjectNode) Json.parse(details)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<TokenStatus> tokenStatus(String token) {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT status FROM sfn_local.task_tokens WHERE token = ?")) {
                s.setString(1, token);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(TokenStatus.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    private static void insertEvents(Connection c, String executionArn, List<HistoryEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO sfn_local.history_events (execution_arn, id, previous_event_id, type, occurred_at, details_key, details)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (HistoryEvent event : events) {
                s.setString(1, executionArn);
                s.setLong(2, event.id());
                s.setLong(3, event.previousEventId());
                s.setString(4, event.type());
                s.setObject(5, utc(event.timestamp()));
                s.setString(6, event.detailsKey());
                s.setString(7, event.details() == null ? null : event.details().toString());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void bindExecution(PreparedStatement s, ExecutionDescription e) throws SQLException {
        s.setString(1, e.executionArn());
        s.setString(2, e.stateMachineArn());
        s.setString(3, e.name());
        s.setString(4, e.status().name());
        s.setString(5, e.input());
        s.setString(6, e.output());
        s.setString(7, e.error());
        s.setString(8, e.cause());
        s.setObject(9, utc(e.startDate()));
        s.setObject(10, utc(e.stopDate()));
    }

    private static ExecutionDescription execution(ResultSet rs) throws SQLException {
        return new ExecutionDescription(rs.getString(1), rs.getString(2), rs.getString(3),
                ExecutionStatus.valueOf(rs.getString(4)), instant(rs, 9), instant(rs, 10), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sfn_local store: " + e.getMessage(), e);
        }
    }
}
