package com.aitesting.postgres;

import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.run.AppendGuard;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.read.PostgresRunEventReads;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table run_events. An append is ONE call of the server-side function {@code append_run_event} (migration
 * V061, where its guards are explained), in one round trip inside the caller's transaction: it locks the
 * run, applies the {@link AppendGuard} it is given (statuses and keys as array parameters; the rules are
 * {@link RunLifecycle}'s) and writes the event with the run's next gap-free seq, read from the primary key
 * once the lock is held. When the append opens its transaction, the tenant binding travels in the same
 * round trip ({@link PostgresTransactions#query}). A run that is not visible (another tenant's, under
 * row-level security) is not locked and gets nothing. Returns the written event, or empty.
 *
 * <p>A step's progress is one call too, {@code append_run_event_with_progress} (V062: the same append, then the
 * run's progress columns when it wrote), and, when no transaction is open, a transaction of its own in one
 * round trip ({@link PostgresTransactions#inTenantOneStatement}).
 */
public final class PostgresRunEventStore implements RunEventStore {
    private static final String APPEND = "SELECT event_seq, event_created_at FROM append_run_event(?, ?, ?::jsonb, ?, ?, ?)";
    private static final String APPEND_WITH_PROGRESS =
            "SELECT event_seq, event_created_at FROM append_run_event_with_progress(?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)";

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
        return append(APPEND, run, event, guard, (c, statement, next) -> {});
    }

    @Override
    public Optional<RunEvent> appendWithProgress(TenantId tenant, RunId run, NewRunEvent event, RunProgress progress) {
        return transactions.inTenantOneStatement(tenant, () -> append(APPEND_WITH_PROGRESS, run, event,
                RunLifecycle.guard(event.type()), (c, statement, next) -> {
                    statement.setInt(next, progress.completedSteps());
                    statement.setObject(next + 1, progress.currentStepIndex(), Types.INTEGER);
                    statement.setInt(next + 2, progress.percent());
                }));
    }

    /** One call of {@code function}: the append's six parameters, then {@code more} from the seventh. */
    private Optional<RunEvent> append(String function, RunId run, NewRunEvent event, AppendGuard guard,
                                      PostgresTransactions.Parameters more) {
        Optional<RunEvent> appended = transactions.query(function, (c, append, first) -> {
            append.setObject(first, run.value());
            append.setString(first + 1, event.type());
            append.setString(first + 2, Json.write(event.payload()));
            append.setString(first + 3, event.idempotencyKey());
            append.setArray(first + 4, c.createArrayOf("text", guard.refusedStatuses().stream().map(RunStatus::wire).toArray()));
            append.setArray(first + 5, c.createArrayOf("text", guard.refusedAfterKeys().toArray()));
            more.set(c, append, first + 6);
        }, rs -> rs.next()
                ? Optional.of(new RunEvent(run, rs.getLong(1), event.type(), event.payload(), Columns.instant(rs, "event_created_at")))
                : Optional.<RunEvent>empty());
        if (appended.isPresent() && committed != RunEventsCommitted.NOBODY) {
            transactions.afterCommit(new CommitOf(run), tenant -> committed.committed(tenant, run));
        }
        return appended;
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
