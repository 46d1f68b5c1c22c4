package com.aitesting.core.error;

/**
 * Base of every failure a client can cause. The API maps each subtype to one RFC 9457 problem type
 * in one place; messages are written for the client and never contain SQL or stack traces.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInputException, NotFoundException, ConflictException, AuthorizationRequiredException,
        IdempotencyKeyReusedException {
    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
