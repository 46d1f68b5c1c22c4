package com.aitesting.postgres;

import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.postgres.read.PostgresRunEventReads;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table run_events. An append is ONE statement, in one round trip inside the caller's transaction, that
 * applies the {@link AppendGuard} it is given (statuses and keys as array parameters; the rules are
 * {@link RunLifecycle}'s) and writes the event with the run's next gap-free seq:
 * <ol>
 *   <li>{@code run} locks the run row unless its status is refused. FOR UPDATE under READ COMMITTED waits
 *       for a concurrent appender and then reads the row's newest version, so the seq and the status are
 *       current even though the rest of the statement reads the snapshot taken before the wait;</li>
 *   <li>{@code written} inserts unless a refusing key (an end event's) is used, looked up key by key
 *       (LATERAL ... LIMIT 1 keeps each lookup an index probe of (run_id, idempotency_key): as a plain
 *       {@code = ANY} a generic plan made on young statistics scanned every event of the run). A key or end event committed
 *       by the appender we waited for is not in our snapshot, but the unique indexes see it: ON CONFLICT DO
 *       NOTHING turns a used key, or a second end event (run_events_one_terminal), into "nothing written".
 *       An ordinary event racing an end event is refused by the status, which the end event's transaction
 *       changes in the same commit ({@link RunLifecycle#guard});</li>
 *   <li>{@code counted} moves last_event_seq only when a row was written, so seq stays gap-free (a rollback
 *       undoes both).</li>
 * </ol>
 * A run that is not visible (another tenant's, under row-level security) is not locked and gets nothing.
 * Returns the written event's seq and created_at, or no row. One statement instead of a PL/pgSQL function
 * (V055, dropped in V060): the same guards with half the server time per append (docs/benchmarks.md).
 */
public final class PostgresRunEventStore implements RunEventStore {
    private static final String APPEND = """
            WITH run AS (
                SELECT r.tenant_id, r.last_event_seq + 1 AS seq FROM runs r
                 WHERE r.id = ? AND r.status <> ALL (?::text[])
                   FOR UPDATE),
            written AS (
                INSERT INTO run_events AS e (tenant_id, run_id, seq, type, payload, idempotency_key)
                SELECT run.tenant_id, ?, run.seq, ?, ?::jsonb, ? FROM run
                 WHERE NOT EXISTS (SELECT 1 FROM unnest(?::text[]) AS refusing (key),
                                   LATERAL (SELECT 1 FROM run_events used
                                             WHERE used.run_id = ? AND used.idempotency_key = refusing.key LIMIT 1) hit)
                ON CONFLICT DO NOTHING
                RETURNING e.seq, e.created_at),
            counted AS (
                UPDATE runs SET last_event_seq = written.seq FROM written WHERE runs.id = ?)
            SELECT seq, created_at FROM written""";

    private final PostgresTransactions transactions;
    private final PostgresRunEventReads reads;
    private final RunEventsCommitted committed;

    public PostgresRunEventStore(PostgresTransactions transactions) {
        this(transactions, RunEventsCommitted.NOBODY);
    }

    public PostgresRunEventStore(PostgresTransactions transactions, RunEventsCommitted committed) {
        this.transactions = transactions;
        this.reads = new PostgresRunEventReads(transactions);
        this.committed = committed;
    }

    @Override
    public Optional<RunEvent> append(RunId run, NewRunEvent event, AppendGuard guard) {
        return transactions.withConnection(c -> {
            try (PreparedStatement append = c.prepareStatement(APPEND)) {
                append.setObject(1, run.value());
                append.setArray(2, c.createArrayOf("text", guard.refusedStatuses().stream().map(RunStatus::wire).toArray()));
                append.setObject(3, run.value());
                append.setString(4, event.type());
                append.setString(5, Json.write(event.payload()));
                append.setString(6, event.idempotencyKey());
                append.setArray(7, c.createArrayOf("text", guard.refusedAfterKeys().toArray()));
                append.setObject(8, run.value());
                append.setObject(9, run.value());
                try (ResultSet rs = append.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new RunEvent(run, rs.getLong(1), event.type(), event.payload(), Columns.instant(rs, "created_at")))
                            : Optional.<RunEvent>empty();
                }
            }
        }).map(appended -> {
            if (committed != RunEventsCommitted.NOBODY) {
                transactions.afterCommit(new CommitOf(run), tenant -> committed.committed(tenant, run));
            }
            return appended;
        });
    }

    /** The after-commit key: one notice per run per transaction. */
    private record CommitOf(RunId run) {}

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
}
