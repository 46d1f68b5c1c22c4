package com.aitesting.core.stream;

import com.aitesting.core.tenant.TenantId;
import java.time.Instant;

/** The outcome of checking a stream token against the run it is presented for. */
public sealed interface StreamTokenCheck {
    /**
     * The token is genuine, unexpired and names this run: the stream is opened for {@code tenant}, until
     * {@code expiresAt} (a stream it opened ends then).
     */
    record Valid(TenantId tenant, Instant expiresAt) implements StreamTokenCheck {}

    /** Not usable; {@code reason} is safe to show the client (it says nothing about other runs or tenants). */
    record Rejected(String reason) implements StreamTokenCheck {}
}
