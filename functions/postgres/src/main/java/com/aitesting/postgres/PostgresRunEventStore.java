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
 * Table run_events. An append is ONE call of the SQL function {@code append_run_event} (migration V055), in
 * one round trip inside the caller's transaction: it locks the run row, applies the {@link AppendGuard} it is
 * given (statuses and keys as array parameters; the rules are {@link RunLifecycle}'s), checks the idempotency
 * key, and writes the event with the run's next gap-free seq. Once the caller's transaction has committed,
 * {@link RunEventsCommitted} is told of each run it appended to (once per run and transaction).
 */
public final class PostgresRunEventStore implements RunEventStore {
    private static final String APPEND = "SELECT event_seq, event_created_at FROM append_run_event(?, ?, ?::jsonb, ?, ?, ?)";

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
                append.setString(2, event.type());
                append.setString(3, Json.write(event.payload()));
                append.setString(4, event.idempotencyKey());
                append.setArray(5, c.createArrayOf("text", guard.refusedStatuses().stream().map(RunStatus::wire).toArray()));
                append.setArray(6, c.createArrayOf("text", guard.refusedAfterKeys().toArray()));
                try (ResultSet rs = append.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new RunEvent(run, rs.getLong(1), event.type(), event.payload(), Columns.instant(rs, "event_created_at")))
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
