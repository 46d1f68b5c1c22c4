package com.aitesting.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** timestamptz as Instant via OffsetDateTime (java.sql.Timestamp would pass through the JVM's default zone). */
final class Columns {
    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setObject(index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Binds a keyset page's {@code (created_at, id) < (?, ?)} at {@code index} when {@code after} is present;
     * returns the next free parameter index.
     */
    static int setPageAfter(PreparedStatement ps, int index, java.util.Optional<com.aitesting.core.page.PageKey> after) throws SQLException {
        if (after.isEmpty()) {
            return index;
        }
        setInstant(ps, index, after.get().createdAt());
        ps.setObject(index + 1, after.get().id());
        return index + 2;
    }

    /**
     * Binds a ranked keyset page's {@code (rank, created_at, id) < (?, ?, ?)} at {@code index} when {@code after}
     * is present; returns the next free parameter index.
     */
    static int setRankedPageAfter(PreparedStatement ps, int index, java.util.Optional<com.aitesting.core.page.PageKey> after) throws SQLException {
        if (after.isEmpty()) {
            return index;
        }
        ps.setInt(index, after.get().rank());
        return setPageAfter(ps, index + 1, after);
    }

    private Columns() {}
}
