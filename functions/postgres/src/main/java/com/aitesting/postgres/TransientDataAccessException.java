package com.aitesting.postgres;

/** Connection lost or unavailable, serialization failure (40001), deadlock (40P01): retry the transaction. */
public final class TransientDataAccessException extends DataAccessException {
    TransientDataAccessException(String sqlState, Throwable cause) {
        super("The database is temporarily unavailable (SQLSTATE " + sqlState + ")", sqlState, cause);
    }
}
