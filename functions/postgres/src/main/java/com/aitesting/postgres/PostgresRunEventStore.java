package com.aitesting.postgres;

import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import com.aitesting.postgres.read.PostgresRunEventReads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table run_events. An append takes the run row's lock first, so appends to one run are serialised and
 * every check below sees the committed state of the previous append:
 * <ol>
 *   <li>the idempotency key was used already: nothing is written (a retried or redelivered task);</li>
 *   <li>the run has its terminal event, or its status is terminal and this is not a terminal event: refused.
 *       The second case covers a step event racing an abort: the abort use case moves the status and appends
 *       run.aborted in one transaction, which holds the lock, so the step event sees either neither or both.
 *       Audit events ({@link RunEventType#isAudit}) are exempt: a notification about the terminal transition
 *       can only fail after it;</li>
 *   <li>{@code last_event_seq + 1} is the new seq, in the same transaction as the INSERT: a rollback undoes
 *       both, so seq stays gap-free.</li>
 * </ol>
 */
public final class PostgresRunEventStore implements RunEventStore {
    private final PostgresTransactions transactions;
    private final PostgresRunEventReads reads;

    public PostgresRunEventStore(PostgresTransactions transactions) {
        this.transactions = transactions;
        this.reads = new PostgresRunEventReads(transactions);
    }

    @Override
    public Optional<RunEvent> append(RunId run, NewRunEvent event) {
        return transactions.withConnection(c -> {
            String tenant;
            RunStatus status;
            try (PreparedStatement lock = c.prepareStatement("SELECT tenant_id, status FROM runs WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, run.value());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<RunEvent>empty();
                    }
                    tenant = rs.getString(1);
                    status = RunStatus.fromWire(rs.getString(2));
                }
            }
            boolean audit = RunEventType.isAudit(event.type());
            if (exists(c, "SELECT 1 FROM run_events WHERE run_id = ? AND idempotency_key = ?", run, event.idempotencyKey())
                    || (!audit && exists(c, "SELECT 1 FROM run_events WHERE run_id = ? AND type IN ('run.completed', 'run.failed', 'run.aborted')", run, null))
                    || (!audit && status.isTerminal() && !RunEventType.isTerminal(event.type()))) {
                return Optional.<RunEvent>empty();
            }
            long seq;
            try (PreparedStatement next = c.prepareStatement(
                    "UPDATE runs SET last_event_seq = last_event_seq + 1 WHERE id = ? RETURNING last_event_seq")) {
                next.setObject(1, run.value());
                try (ResultSet rs = next.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO run_events (tenant_id, run_id, seq, type, payload, "
                    + "idempotency_key) VALUES (?, ?, ?, ?, ?::jsonb, ?) RETURNING created_at")) {
                insert.setString(1, tenant);
                insert.setObject(2, run.value());
                insert.setLong(3, seq);
                insert.setString(4, event.type());
                insert.setString(5, Json.write(event.payload()));
                insert.setString(6, event.idempotencyKey());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    return Optional.of(new RunEvent(run, seq, event.type(), event.payload(), Columns.instant(rs, "created_at")));
                }
            }
        });
    }

    @Override
    public Optional<RunEvent> latestOf(RunId run, Set<String> types) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, type, payload, created_at FROM run_events "
                    + "WHERE run_id = ? AND type = ANY (?) ORDER BY seq DESC LIMIT 1")) {
                ps.setObject(1, run.value());
                ps.setArray(2, c.createArrayOf("text", types.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new RunEvent(run, rs.getLong("seq"), rs.getString("type"),
                                    Json.object(rs.getString("payload")), Columns.instant(rs, "created_at")))
                            : Optional.<RunEvent>empty();
                }
            }
        });
    }

    /** The read port's query ({@link PostgresRunEventReads}): one SQL text for every reader. */
    @Override
    public List<RunEvent> listAfter(RunId run, long afterSeq, int limit) {
        return reads.listAfter(run, afterSeq, limit);
    }

    private static boolean exists(Connection c, String sql, RunId run, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, run.value());
            if (key != null) {
                ps.setString(2, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
