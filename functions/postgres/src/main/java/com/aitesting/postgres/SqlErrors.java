package com.aitesting.postgres;

import com.aitesting.core.error.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Sorts SQLExceptions into transient (core's StoreUnavailableException) and permanent by SQLSTATE. */
final class SqlErrors {
    // 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,
    // 57P01..57P03 shutdown/cannot connect now, 53300 too_many_connections
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300");

    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        // class 08 = connection exception; SQLTransientException covers Hikari's connection-timeout
        boolean transientFailure = e instanceof SQLTransientException
                || (state != null && (state.startsWith("08") || TRANSIENT.contains(state)));
        String shown = state == null ? "none" : state;
        return transientFailure ? StoreUnavailableException.sqlState(shown, e) : new PermanentDataAccessException(shown, e);
    }

    private SqlErrors() {}
}
