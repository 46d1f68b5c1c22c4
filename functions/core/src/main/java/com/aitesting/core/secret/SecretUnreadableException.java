package com.aitesting.core.secret;

/**
 * A sealed secret could not be opened: another key, another context (another tenant's row), a damaged value,
 * or the key service refused. The message says which in our words; it never carries the secret.
 */
public final class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SecretUnreadableException(String message) {
        super(message);
    }
}
