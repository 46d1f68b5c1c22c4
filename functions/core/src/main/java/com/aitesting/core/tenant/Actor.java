package com.aitesting.core.tenant;

import java.util.Objects;

/** Who is calling: a user of one tenant. Recorded on what they create and on the controls they issue. */
public record Actor(String user, String email, TenantId tenant) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tenant, "tenant");
    }
}
