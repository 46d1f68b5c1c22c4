package com.aitesting.aws.dataapi;

import java.time.Instant;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * Named parameters and result fields of Data API statements. Types are made explicit in the SQL
 * ({@code CAST(:run_id AS uuid)}, {@code id::text}, timestamps as epoch microseconds), so nothing depends
 * on the Data API's type hints or its text rendering of timestamps.
 */
final class DataApiParameters {
    static SqlParameter text(String name, String value) {
        return SqlParameter.builder().name(name).value(Field.builder().stringValue(value).build()).build();
    }

    static SqlParameter number(String name, long value) {
        return SqlParameter.builder().name(name).value(Field.builder().longValue(value).build()).build();
    }

    static boolean isNull(Field field) {
        return field == null || Boolean.TRUE.equals(field.isNull());
    }

    static String string(Field field) {
        if (isNull(field)) {
            return null;
        }
        if (field.stringValue() != null) {
            return field.stringValue();
        }
        throw new IllegalStateException("expected a text field, got " + field.type());
    }

    static Long longOrNull(Field field) {
        if (isNull(field)) {
            return null;
        }
        if (field.longValue() != null) {
            return field.longValue();
        }
        if (field.stringValue() != null) { // numeric results may arrive as text
            return Long.parseLong(field.stringValue());
        }
        throw new IllegalStateException("expected a number field, got " + field.type());
    }

    static long longValue(Field field) {
        Long value = longOrNull(field);
        if (value == null) {
            throw new IllegalStateException("expected a number, got NULL");
        }
        return value;
    }

    static Integer intOrNull(Field field) {
        Long value = longOrNull(field);
        return value == null ? null : Math.toIntExact(value);
    }

    /** A timestamptz selected as {@link #epochMicros}. */
    static Instant instant(Field field) {
        Long micros = longOrNull(field);
        return micros == null ? null : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** SQL for a timestamptz column as exact epoch microseconds (bigint): no time zone or DateStyle involved. */
    static String epochMicros(String column) {
        return "(extract(epoch FROM " + column + ") * 1000000)::bigint AS " + column;
    }

    private DataApiParameters() {}
}
