package com.aitesting.core.port;

import com.aitesting.core.tenant.TenantId;
import java.util.function.Supplier;

/**
 * Runs work in one database transaction bound to one tenant. Repositories called inside {@code work}
 * take part in that transaction and see only that tenant's rows (row-level security in PostgreSQL).
 * Use cases own the transaction; repositories never open one.
 */
public interface Transactions {
    <T> T inTenant(TenantId tenant, Supplier<T> work);

    default void inTenant(TenantId tenant, Runnable work) {
        inTenant(tenant, () -> {
            work.run();
            return null;
        });
    }
}
