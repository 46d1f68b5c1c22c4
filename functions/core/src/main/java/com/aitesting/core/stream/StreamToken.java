package com.aitesting.core.stream;

import java.time.Instant;
import java.util.Objects;

/** A signed, run-scoped credential for opening one run's event stream until {@code expiresAt}. */
public record StreamToken(String value, Instant expiresAt) {
    public StreamToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() { // a credential: keep it out of logs
        return "StreamToken[expiresAt=" + expiresAt + "]";
    }
}
