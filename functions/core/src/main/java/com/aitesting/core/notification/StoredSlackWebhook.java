package com.aitesting.core.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's webhook row: sealed, or (a row written before encryption, V054) still in plain text, which
 * {@link StoredWebhooks} seals the first time it reads it. Who set it and when.
 */
public record StoredSlackWebhook(Optional<SealedWebhook> sealed, Optional<String> legacyPlaintext, Instant updatedAt,
                                 String updatedBy) {
    public StoredSlackWebhook {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(legacyPlaintext, "legacyPlaintext");
        if (sealed.isPresent() == legacyPlaintext.isPresent()) {
            throw new IllegalArgumentException("a stored webhook is either sealed or legacy plain text");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }

    public static StoredSlackWebhook sealed(SealedWebhook sealed, Instant updatedAt, String updatedBy) {
        return new StoredSlackWebhook(Optional.of(sealed), Optional.empty(), updatedAt, updatedBy);
    }

    public static StoredSlackWebhook legacy(String plaintext, Instant updatedAt, String updatedBy) {
        return new StoredSlackWebhook(Optional.empty(), Optional.of(plaintext), updatedAt, updatedBy);
    }
}
