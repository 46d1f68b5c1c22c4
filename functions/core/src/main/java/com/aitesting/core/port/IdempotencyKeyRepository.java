package com.aitesting.core.port;

import com.aitesting.core.idempotency.IdempotencyRecord;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Table idempotency_keys: one row per tenant, caller, endpoint and key. Called inside {@link Transactions#inTenant};
 * sees only the bound tenant's rows.
 */
public interface IdempotencyKeyRepository {
    /**
     * Takes the key for {@code request}: true when it was free or its row is older than {@code expiredBefore}
     * (then the row is this request's, locked until the transaction ends); false when a live row holds it. A
     * concurrent transaction's claim of the same key makes this wait until that transaction ends.
     */
    boolean claim(Actor caller, IdempotentRequest request, Instant now, Instant expiredBefore);

    /**
     * Deletes at most {@code limit} of {@code tenant}'s rows older than {@code expiredBefore}, any caller's, passing
     * over rows another transaction holds (a key being taken over is not waited for); returns how many it deleted.
     */
    int deleteExpired(TenantId tenant, Instant expiredBefore, int limit);

    /** Records, on the row this transaction claimed, what the request answered and created. */
    void recordOutcome(Actor caller, IdempotentRequest request, int status, UUID resourceId);

    Optional<IdempotencyRecord> find(Actor caller, IdempotentRequest request);
}
