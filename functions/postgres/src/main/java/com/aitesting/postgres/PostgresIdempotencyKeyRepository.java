package com.aitesting.postgres;

import com.aitesting.core.idempotency.IdempotencyRecord;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.port.IdempotencyKeyRepository;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Table idempotency_keys; the primary key (tenant, caller, endpoint, key) is what serialises two uses of a key. */
public final class PostgresIdempotencyKeyRepository implements IdempotencyKeyRepository {
    private static final String ROW = " WHERE tenant_id = ? AND caller = ? AND endpoint = ? AND key = ?";

    private final PostgresTransactions transactions;

    public PostgresIdempotencyKeyRepository(PostgresTransactions transactions) {
        this.transactions = transactions;
    }

    /**
     * An INSERT that meets an uncommitted row of the same key waits for its transaction: after a commit it
     * conflicts (and the expired-only UPDATE leaves a live row as it is), after a rollback it inserts.
     */
    @Override
    public boolean claim(Actor caller, IdempotentRequest request, Instant now, Instant expiredBefore) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO idempotency_keys"
                    + " (tenant_id, caller, endpoint, key, request_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant_id, caller, endpoint, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                    + " created_at = EXCLUDED.created_at, response_status = NULL, resource_id = NULL"
                    + " WHERE idempotency_keys.created_at < ?")) {
                int next = setRow(ps, 1, caller, request);
                ps.setString(next, request.fingerprint());
                Columns.setInstant(ps, next + 1, now);
                Columns.setInstant(ps, next + 2, expiredBefore);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * SKIP LOCKED: a row another transaction is taking over (or deleting) is left to it, so cleaning never waits.
     * The index idempotency_keys_expiry (V067) makes finding the oldest rows a range scan.
     */
    @Override
    public int deleteExpired(TenantId tenant, Instant expiredBefore, int limit) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys"
                    + " WHERE (tenant_id, caller, endpoint, key) IN (SELECT tenant_id, caller, endpoint, key FROM idempotency_keys"
                    + " WHERE tenant_id = ? AND created_at < ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)")) {
                ps.setString(1, tenant.value());
                Columns.setInstant(ps, 2, expiredBefore);
                ps.setInt(3, limit);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void recordOutcome(Actor caller, IdempotentRequest request, int status, UUID resourceId) {
        transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE idempotency_keys SET response_status = ?, resource_id = ?" + ROW)) {
                ps.setInt(1, status);
                ps.setObject(2, resourceId);
                setRow(ps, 3, caller, request);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("the key " + request.endpoint() + " was not claimed in this transaction");
                }
                return null;
            }
        });
    }

    @Override
    public Optional<IdempotencyRecord> find(Actor caller, IdempotentRequest request) {
        return transactions.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT request_hash, resource_id FROM idempotency_keys" + ROW)) {
                setRow(ps, 1, caller, request);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new IdempotencyRecord(rs.getString("request_hash"), rs.getObject("resource_id", UUID.class)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The key's four columns from {@code index}; returns the next index. */
    private static int setRow(PreparedStatement ps, int index, Actor caller, IdempotentRequest request) throws SQLException {
        ps.setString(index, caller.tenant().value());
        ps.setString(index + 1, caller.user());
        ps.setString(index + 2, request.endpoint());
        ps.setString(index + 3, request.key().value());
        return index + 4;
    }
}
