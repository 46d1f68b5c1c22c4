package com.aitesting.aws.dataapi;

import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PermanentDataAccessException;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseUnavailableException;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.InternalServerErrorException;
import software.amazon.awssdk.services.rdsdata.model.RdsDataException;
import software.amazon.awssdk.services.rdsdata.model.ServiceUnavailableErrorException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TransactionNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transactions} over the Aurora Data API, for a function outside the VPC (the SSE function). The
 * same contract as {@code PostgresTransactions}: {@code BeginTransaction}, then
 * {@code set_config('app.tenant_id', :tenant, true)} in THAT transaction (transaction-local, so row-level
 * security sees the tenant for the statements that follow and for nothing else), the work, then
 * {@code CommitTransaction}; {@code RollbackTransaction} when the work fails. The transaction id is bound
 * to the calling thread so the Data API repositories take part in it; a nested call for the same tenant
 * joins it. Statements run as the login in {@link DataApiTarget#secretArn()}, the restricted application
 * role, which is neither superuser nor BYPASSRLS.
 */
public final class DataApiTransactions implements Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(DataApiTransactions.class);
    static final String BIND_TENANT = "SELECT set_config('app.tenant_id', :tenant_id, true)";

    private final RdsDataClient client;
    private final DataApiTarget target;
    private final ThreadLocal<Bound> current = new ThreadLocal<>();

    private record Bound(TenantId tenant, String transactionId) {}

    public DataApiTransactions(RdsDataClient client, DataApiTarget target) {
        this.client = Objects.requireNonNull(client, "client");
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        Bound open = current.get();
        if (open != null) {
            if (!open.tenant().equals(tenant)) {
                throw new IllegalStateException("a transaction for another tenant is already open on this thread");
            }
            return work.get();
        }
        String transactionId = call(() -> client.beginTransaction(b -> b
                .resourceArn(target.clusterArn()).secretArn(target.secretArn()).database(target.database()))
                .transactionId());
        current.set(new Bound(tenant, transactionId));
        try {
            T result;
            try {
                execute(BIND_TENANT, List.of(DataApiParameters.text("tenant_id", tenant.value())));
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(transactionId, e);
                throw e;
            }
            call(() -> client.commitTransaction(b -> b
                    .resourceArn(target.clusterArn()).secretArn(target.secretArn()).transactionId(transactionId)));
            return result;
        } finally {
            current.remove();
        }
    }

    /** Runs one statement in the transaction open on this thread; the rows, each a list of fields in SELECT order. */
    List<List<Field>> execute(String sql, List<SqlParameter> parameters) {
        Bound open = current.get();
        if (open == null) {
            throw new IllegalStateException("repositories must be called inside Transactions.inTenant");
        }
        return call(() -> client.executeStatement(b -> b
                .resourceArn(target.clusterArn()).secretArn(target.secretArn()).database(target.database())
                .transactionId(open.transactionId())
                .sql(sql)
                .parameters(parameters))
                .records());
    }

    private void rollbackQuietly(String transactionId, Throwable failure) {
        try {
            client.rollbackTransaction(b -> b.resourceArn(target.clusterArn()).secretArn(target.secretArn())
                    .transactionId(transactionId));
        } catch (RuntimeException e) {
            // The Data API ends an abandoned transaction itself (after 3 minutes); the failure is what matters.
            failure.addSuppressed(e);
        }
    }

    /**
     * SDK failures become the same exceptions as JDBC ones, so the API maps them the same way (503 for
     * transient ones). Messages carry the error's name only: the Data API's own message may quote SQL.
     */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (DatabaseResumingException | DatabaseUnavailableException | ServiceUnavailableErrorException
                 | StatementTimeoutException | InternalServerErrorException | TransactionNotFoundException e) {
            throw new StoreUnavailableException(e.getClass().getSimpleName(), e);
        } catch (RdsDataException e) {
            LOG.debug("Data API request failed", e);
            throw PermanentDataAccessException.of(e.getClass().getSimpleName(), e);
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("Data API unreachable", e);
        }
    }
}
