package com.aitesting.postgres;

import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One connection per transaction, bound to the calling thread so the repositories take part in it. The
 * tenant is bound first with {@code set_config('app.tenant_id', ?, true)} (transaction-local, so a pooled
 * connection never carries it into the next transaction); row-level security does the rest. Repositories
 * called outside {@link #inTenant} fail: there is no unbound access path.
 */
public final class PostgresTransactions implements Transactions {
    private final DataSource dataSource;
    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    private record Bound(TenantId tenant, Connection connection) {}

    /** SQL run against the current transaction's connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    public PostgresTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A nested call for the same tenant joins the open transaction; for another tenant it is a bug. */
    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        Bound open = current.get();
        if (open != null) {
            if (!open.tenant().equals(tenant)) {
                throw new IllegalStateException("a transaction for another tenant is already open on this thread");
            }
            return work.get();
        }
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
        try (connection) {
            connection.setAutoCommit(false);
            try (PreparedStatement bind = connection.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant.value());
                bind.execute();
            }
            current.set(new Bound(tenant, connection));
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            current.remove();
        }
    }

    /** Runs {@code work} on the connection of the transaction open on this thread, translating SQL errors. */
    public <T> T withConnection(SqlWork<T> work) {
        Bound open = current.get();
        if (open == null) {
            throw new IllegalStateException("repositories must be called inside Transactions.inTenant");
        }
        try {
            return work.run(open.connection());
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
