package com.aitesting.core.error;

import java.time.Duration;

/**
 * An Idempotency-Key came back with a request other than the one that first used it (422, problem type
 * {@code idempotency-key-reused}): answering with the first request's outcome would mislead, and creating
 * something would break the key's promise. Nothing is changed.
 */
public final class IdempotencyKeyReusedException extends DomainException {
    public IdempotencyKeyReusedException(String header, Duration kept) {
        super("This " + header + " was used for a different request to this endpoint (another body or path) within the"
                + " last " + kept.toHours() + " hours; send a new key for a new request.");
    }
}
