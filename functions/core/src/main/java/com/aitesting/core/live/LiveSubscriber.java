package com.aitesting.core.live;

import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * One connection following one run, the last seq it was sent, and {@code expiresAt}, its connection's end of
 * life (when API Gateway closes it, or earlier when the credential it was opened with expires).
 */
public record LiveSubscriber(ConnectionId connection, TenantId tenant, RunId run, long cursor, Instant expiresAt) {
    /** Past its connection's end of life: nothing more may be sent to it. */
    public boolean expired(Instant now) {
        return CredentialExpiry.passed(expiresAt, now);
    }

    /** The same subscriber with its cursor at {@code seq}. */
    public LiveSubscriber at(long seq) {
        return new LiveSubscriber(connection, tenant, run, seq, expiresAt);
    }

    /**
     * Whom a connection acts for: a tenant, and with a stream token only that run; {@code expiresAt}, the
     * connection's end of life (the earlier of API Gateway's 2 h and its credential's expiry), is also its
     * subscriptions'.
     */
    public record Access(TenantId tenant, Optional<RunId> onlyRun, Instant expiresAt) {
        public boolean expired(Instant now) {
            return CredentialExpiry.passed(expiresAt, now);
        }
    }
}
