package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;

/** The JSONPath Choice comparison operators. A value of the wrong type compares false, as in AWS. */
public enum ChoiceOperator {
    STRING_EQUALS("StringEquals", Kind.STRING, Order.EQ),
    STRING_LESS_THAN("StringLessThan", Kind.STRING, Order.LT),
    STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, Order.GT),
    STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, Order.LE),
    STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, Order.GE),
    STRING_MATCHES("StringMatches", Kind.PATTERN, Order.EQ),
    NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, Order.EQ),
    NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, Order.LT),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, Order.GT),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, Order.LE),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, Order.GE),
    BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, Order.EQ),
    TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP, Order.EQ),
    TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP, Order.LT),
    TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP, Order.GT),
    TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP, Order.LE),
    TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP, Order.GE),
    IS_NULL("IsNull", Kind.TYPE_TEST, Order.EQ),
    IS_PRESENT("IsPresent", Kind.TYPE_TEST, Order.EQ),
    IS_STRING("IsString", Kind.TYPE_TEST, Order.EQ),
    IS_NUMERIC("IsNumeric", Kind.TYPE_TEST, Order.EQ),
    IS_BOOLEAN("IsBoolean", Kind.TYPE_TEST, Order.EQ),
    IS_TIMESTAMP("IsTimestamp", Kind.TYPE_TEST, Order.EQ);

    enum Kind { STRING, PATTERN, NUMERIC, BOOLEAN, TIMESTAMP, TYPE_TEST }

    private enum Order { EQ, LT, GT, LE, GE }

    private final String field;
    private final Kind kind;
    private final Order order;

    ChoiceOperator(String field, Kind kind, Order order) {
        this.field = field;
        this.kind = kind;
        this.order = order;
    }

    public String field() {
        return field;
    }

    Kind kind() {
        return kind;
    }

    /** Every operator except StringMatches and the type tests has a {@code ...Path} variant. */
    boolean hasPathVariant() {
        return kind != Kind.PATTERN && kind != Kind.TYPE_TEST;
    }

    static Optional<ChoiceOperator> byField(String field) {
        return Arrays.stream(values()).filter(o -> o.field.equals(field)).findFirst();
    }

    /** Whether a literal is acceptable for this operator (checked at load). */
    boolean acceptsLiteral(JsonNode literal) {
        return switch (kind) {
            case STRING, PATTERN -> literal.isTextual();
            case NUMERIC -> literal.isNumber();
            case BOOLEAN, TYPE_TEST -> literal.isBoolean();
            case TIMESTAMP -> Condition.timestamp(literal).isPresent();
        };
    }

    boolean test(JsonNode actual, JsonNode expected) {
        return switch (kind) {
            case STRING -> actual.isTextual() && expected.isTextual() && compare(actual.asText().compareTo(expected.asText()));
            case PATTERN -> actual.isTextual() && matches(actual.asText(), expected.asText());
            case NUMERIC -> actual.isNumber() && expected.isNumber() && compare(actual.decimalValue().compareTo(expected.decimalValue()));
            case BOOLEAN -> actual.isBoolean() && expected.isBoolean() && actual.asBoolean() == expected.asBoolean();
            case TIMESTAMP -> {
                Optional<OffsetDateTime> a = Condition.timestamp(actual);
                Optional<OffsetDateTime> b = Condition.timestamp(expected);
                yield a.isPresent() && b.isPresent() && compare(a.get().toInstant().compareTo(b.get().toInstant()));
            }
            case TYPE_TEST -> typeTest(actual) == expected.asBoolean();
        };
    }

    private boolean typeTest(JsonNode actual) {
        return switch (this) {
            case IS_NULL -> actual.isNull();
            case IS_STRING -> actual.isTextual();
            case IS_NUMERIC -> actual.isNumber();
            case IS_BOOLEAN -> actual.isBoolean();
            case IS_TIMESTAMP -> Condition.timestamp(actual).isPresent();
            default -> throw new IllegalStateException("not a type test: " + this);
        };
    }

    private boolean compare(int c) {
        return switch (order) {
            case EQ -> c == 0;
            case LT -> c < 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            case GE -> c >= 0;
        };
    }

    /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
    static boolean matches(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches("(?s)" + regex);
    }
}
