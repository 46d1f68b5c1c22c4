package com.aitesting.core.tenant;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: a user of one tenant. Recorded on what they create and on the controls they issue.
 * {@code credentialExpiresAt} is when the credential that proved it stops being accepted (a JWT's
 * {@code exp}); empty for one that never expires (the dev headers). A live stream it opens ends then.
 */
public record Actor(String user, String email, TenantId tenant, Optional<Instant> credentialExpiresAt) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(credentialExpiresAt, "credentialExpiresAt");
    }

    /** An actor whose credential does not expire. */
    public Actor(String user, String email, TenantId tenant) {
        this(user, email, tenant, Optional.empty());
    }
}
