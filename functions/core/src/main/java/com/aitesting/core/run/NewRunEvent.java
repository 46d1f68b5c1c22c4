package com.aitesting.core.run;

import java.util.Map;
import java.util.Objects;

/**
 * An event to append. {@code idempotencyKey} is unique per run: appending the same key twice (a retried
 * or redelivered task) writes nothing the second time.
 */
public record NewRunEvent(String type, Map<String, Object> payload, String idempotencyKey) {
    public NewRunEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        payload = Map.copyOf(payload);
    }
}
