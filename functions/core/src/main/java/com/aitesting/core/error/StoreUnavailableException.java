package com.aitesting.core.error;

/**
 * The store could not answer for now (connection lost or refused, serialization failure, deadlock, the
 * Aurora Data API resuming, DynamoDB unreachable or throttling): retrying the whole operation may succeed.
 * Thrown by the store adapters (JDBC, Data API and the WebSocket registry on DynamoDB), mapped to 503 by the
 * API and the WebSocket routes and to a retried task by the workflow. The message names only a SQLSTATE or
 * an error name, never SQL text or values, so it is safe to log.
 */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String reason, Throwable cause) {
        super("The database is temporarily unavailable (" + reason + ")", cause);
    }

    /** A JDBC failure, named by its SQLSTATE. */
    public static StoreUnavailableException sqlState(String sqlState, Throwable cause) {
        return new StoreUnavailableException("SQLSTATE " + sqlState, cause);
    }
}
