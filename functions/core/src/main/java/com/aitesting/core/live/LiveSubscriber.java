package com.aitesting.core.live;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/** One connection following one run, and the last seq it was sent. */
public record LiveSubscriber(ConnectionId connection, TenantId tenant, RunId run, long cursor) {
    /**
     * Whom a connection acts for: a tenant, and with a stream token only that run; {@code expiresAt}, the
     * connection's end of life, is also its subscriptions'.
     */
    public record Access(TenantId tenant, Optional<RunId> onlyRun, Instant expiresAt) {}
}
