package com.aitesting.postgres;

/** Connection lost or unavailable, serialization failure (40001), deadlock (40P01): retry the transaction. */
public final class TransientDataAccessException extends DataAccessException {
    TransientDataAccessException(String sqlState, Throwable cause) {
        super("The database is temporarily unavailable (SQLSTATE " + sqlState + ")", sqlState, cause);
    }

    /**
     * A failure reported by another access path than JDBC (the Aurora Data API): {@code reason} is a short
     * error name such as {@code DatabaseResumingException}, never SQL text or values.
     */
    public static TransientDataAccessException unavailable(String reason, Throwable cause) {
        return new TransientDataAccessException(reason, cause, true);
    }

    private TransientDataAccessException(String reason, Throwable cause, boolean notSqlState) {
        super("The database is temporarily unavailable (" + reason + ")", null, cause);
    }
}
