package com.aitesting.postgres;

/** A failure retrying will not fix (constraint violation, missing privilege, a bug in a statement). */
public final class PermanentDataAccessException extends DataAccessException {
    PermanentDataAccessException(String sqlState, Throwable cause) {
        super("The database rejected the operation (SQLSTATE " + sqlState + ")", sqlState, cause);
    }

    /** A failure reported by another access path than JDBC (the Aurora Data API); {@code reason} is an error name. */
    public static PermanentDataAccessException of(String reason, Throwable cause) {
        return new PermanentDataAccessException(reason, cause, true);
    }

    private PermanentDataAccessException(String reason, Throwable cause, boolean notSqlState) {
        super("The database rejected the operation (" + reason + ")", null, cause);
    }
}
