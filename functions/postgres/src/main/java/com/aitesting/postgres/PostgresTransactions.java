package com.aitesting.postgres;

import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection per transaction, bound to the calling thread so the repositories take part in it. The
 * tenant is bound with {@code set_config('app.tenant_id', ?, true)} (transaction-local, so a pooled
 * connection never carries it into the next transaction) ahead of the transaction's first statement;
 * row-level security does the rest. Repositories called outside {@link #inTenant} fail: there is no unbound
 * access path. Work that must see the commit (telling WebSocket viewers, {@link #afterCommit}) runs after
 * it, outside the transaction.
 *
 * <p>The binding is sent with the first statement, not on its own: {@link #query} puts it in the same round
 * trip as its statement (the driver sends {@code BEGIN} with them too), which saves one round trip per
 * transaction that opens with it (an event append, a run's lock or read: docs/benchmarks.md). {@link #withConnection} sends a
 * binding still pending first, in its own round trip.
 *
 * <p>A transaction that is one statement ({@link #inTenantOneStatement}) saves the COMMIT's round trip too:
 * the connection is in autocommit, and the binding and the statement go out in one request, which the server
 * runs as one implicit transaction, committed when the request ends (the transaction-local binding ends
 * with it). One round trip in all.
 */
public final class PostgresTransactions implements Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTransactions.class);

    private final DataSource dataSource;
    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    private static final String BIND = "SELECT set_config('app.tenant_id', ?, true)";

    /**
     * The open transaction: its tenant, its connection, whether it is one statement in autocommit, whether the
     * binding went out, what to run once committed (by key).
     */
    private static final class Bound {
        final TenantId tenant;
        final Connection connection;
        final boolean oneStatement;
        final Map<Object, Consumer<TenantId>> afterCommit = new LinkedHashMap<>();
        boolean bindingSent;

        Bound(TenantId tenant, Connection connection, boolean oneStatement) {
            this.tenant = tenant;
            this.connection = connection;
            this.oneStatement = oneStatement;
        }
    }

    /** SQL run against the current transaction's connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sets a statement's parameters, its first one at index {@code first}. */
    @FunctionalInterface
    public interface Parameters {
        void set(Connection connection, PreparedStatement statement, int first) throws SQLException;
    }

    /** Reads a query's rows. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    public PostgresTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A nested call for the same tenant joins the open transaction; for another tenant it is a bug. */
    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return transaction(tenant, work, false);
    }

    /**
     * {@link #inTenant} for work that sends exactly one statement, through {@link #query}: committed by the
     * server at the end of that one round trip. A second statement is a bug and fails without being sent
     * (the first has committed by then). Inside an open transaction this simply joins it.
     */
    public <T> T inTenantOneStatement(TenantId tenant, Supplier<T> work) {
        return transaction(tenant, work, true);
    }

    private <T> T transaction(TenantId tenant, Supplier<T> work, boolean oneStatement) {
        Bound open = current.get();
        if (open != null) {
            if (!open.tenant.equals(tenant)) {
                throw new IllegalStateException("a transaction for another tenant is already open on this thread");
            }
            return work.get();
        }
        List<Consumer<TenantId>> committed = List.of();
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
        try (connection) {
            connection.setAutoCommit(oneStatement);
            Bound bound = new Bound(tenant, connection, oneStatement);
            current.set(bound);
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                if (!oneStatement) { // in autocommit the server rolled the failed statement back itself
                    rollbackQuietly(connection, e);
                }
                throw e;
            }
            if (!oneStatement) {
                connection.commit();
            }
            committed = new ArrayList<>(bound.afterCommit.values());
            return result;
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            current.remove();
            // committed and closed, and no longer this thread's transaction: the actions may open their own
            runAfterCommit(tenant, committed);
        }
    }

    /**
     * Runs {@code action} with the tenant once the transaction open on this thread has committed, outside
     * it; never when it rolls back. One action per {@code key} per transaction (the first registered), so
     * a transaction that appends ten events of a run tells the run's viewers once. An action's failure is
     * logged and never reaches the caller: the commit has happened and is what the caller asked for.
     */
    public void afterCommit(Object key, Consumer<TenantId> action) {
        Bound open = current.get();
        if (open == null) {
            throw new IllegalStateException("afterCommit must be called inside Transactions.inTenant");
        }
        open.afterCommit.putIfAbsent(key, action);
    }

    private static void runAfterCommit(TenantId tenant, List<Consumer<TenantId>> actions) {
        for (Consumer<TenantId> action : actions) {
            try {
                action.accept(tenant);
            } catch (RuntimeException e) {
                LOG.warn("An after-commit action failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Runs {@code work} on the connection of the transaction open on this thread, translating SQL errors. */
    public <T> T withConnection(SqlWork<T> work) {
        Bound open = open();
        if (open.oneStatement) {
            throw new IllegalStateException("a one-statement transaction sends its statement through query");
        }
        try {
            if (!open.bindingSent) {
                try (PreparedStatement bind = open.connection.prepareStatement(BIND)) {
                    bind.setString(1, open.tenant.value());
                    bind.execute();
                }
                open.bindingSent = true;
            }
            return work.run(open.connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Runs one query in the transaction open on this thread and reads its rows. When it is the transaction's
     * first statement, the tenant binding goes ahead of it in the same round trip (one multi-statement
     * request: the binding's result is skipped).
     */
    public <T> T query(String sql, Parameters parameters, Rows<T> rows) {
        Bound open = open();
        boolean bindFirst = !open.bindingSent;
        if (open.oneStatement && !bindFirst) {
            throw new IllegalStateException("a one-statement transaction has committed its statement already");
        }
        try (PreparedStatement statement = open.connection.prepareStatement(bindFirst ? BIND + ";\n" + sql : sql)) {
            if (bindFirst) {
                statement.setString(1, open.tenant.value());
            }
            parameters.set(open.connection, statement, bindFirst ? 2 : 1);
            statement.execute();
            open.bindingSent = true;
            if (bindFirst) {
                statement.getMoreResults(); // past the binding's own result
            }
            try (ResultSet result = statement.getResultSet()) {
                if (result == null) {
                    throw new IllegalStateException("not a query: " + sql);
                }
                return rows.read(result);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private Bound open() {
        Bound open = current.get();
        if (open == null) {
            throw new IllegalStateException("repositories must be called inside Transactions.inTenant");
        }
        return open;
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
