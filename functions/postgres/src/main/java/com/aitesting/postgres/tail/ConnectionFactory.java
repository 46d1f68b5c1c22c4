package com.aitesting.postgres.tail;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a dedicated, non-pooled connection (LISTEN belongs to a session; a pool would hand it around). */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
