package com.aitesting.api.stream;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Whom a live stream (SSE, a WebSocket connection, a fetched event) is opened for, as
 * {@link StreamTokenVerifier#access} found it: a tenant; with a stream token only that token's run; and
 * when the credential that opened it expires (empty: never, the dev headers), which is when the stream ends.
 */
public record StreamAccess(TenantId tenant, Optional<RunId> onlyRun, Optional<Instant> expiresAt) {}
