package com.aitesting.aws.dataapi;

import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;

/**
 * Named parameters and result fields of Data API statements. Types are made explicit in the SQL
 * ({@code CAST(:run_id AS uuid)}, {@code payload::text}, timestamps as epoch microseconds; see RunReadSql),
 * so nothing depends on the Data API's type hints or its text rendering of timestamps.
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

    private DataApiParameters() {}
}
