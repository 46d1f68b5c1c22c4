package com.aitesting.postgres;

/** A failure retrying will not fix (constraint violation, missing privilege, a bug in a statement). */
public final class PermanentDataAccessException extends DataAccessException {
    PermanentDataAccessException(String sqlState, Throwable cause) {
        super("The database rejected the operation (SQLSTATE " + sqlState + ")", sqlState, cause);
    }
}
