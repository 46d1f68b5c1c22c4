package com.aitesting.postgres;

/**
 * A database failure, translated from SQLException. The message holds only the SQLSTATE, never SQL text
 * or values, so it is safe to log and cannot leak into a response; the cause keeps the details for logs.
 * A transient failure (retrying may succeed) is core's {@code StoreUnavailableException} instead.
 */
public abstract sealed class DataAccessException extends RuntimeException
        permits PermanentDataAccessException {
    private final String sqlState;

    protected DataAccessException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE, or null when the failure happened before PostgreSQL answered (e.g. pool timeout). */
    public String sqlState() {
        return sqlState;
    }
}
