package com.aitesting.workflow;

/**
 * A task failure worth retrying (the database was briefly unavailable, a serialization failure, the
 * engine's API unreachable). The state machine retries it by this class's fully qualified name, which the
 * Java Lambda runtime reports as the error type; any other exception fails the run.
 */
public final class TransientTaskException extends RuntimeException {
    public TransientTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
