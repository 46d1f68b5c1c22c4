package com.aitesting.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to CDK context. Values given with {@code -c key=value} arrive as strings, values from
 * cdk.json as JSON numbers, booleans or lists, so every reader accepts both forms.
 */
final class ContextValues {

    private final Function<String, Object> lookup;

    ContextValues(Function<String, Object> lookup) {
        this.lookup = lookup;
    }

    Optional<String> optionalString(String key) {
        return Optional.ofNullable(lookup.apply(key)).map(Object::toString).map(String::trim).filter(s -> !s.isEmpty());
    }

    String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> new IllegalArgumentException(
                "missing context value '" + key + "': pass it with -c " + key + "=..."));
    }

    int integer(String key, int defaultValue) {
        return optionalString(key).map(value -> parse(key, value, Integer::parseInt)).orElse(defaultValue);
    }

    double decimal(String key, double defaultValue) {
        return optionalString(key).map(value -> parse(key, value, Double::parseDouble)).orElse(defaultValue);
    }

    boolean bool(String key, boolean defaultValue) {
        return optionalString(key).map(value -> switch (value.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("context value '" + key + "' must be true or false, got '" + value + "'");
        }).orElse(defaultValue);
    }

    /** A JSON list from cdk.json, or a comma-separated string from the command line. */
    List<String> list(String key) {
        Object value = lookup.apply(key);
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return optionalString(key)
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList())
                .orElse(List.of());
    }

    private static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context value '" + key + "' must be a number, got '" + value + "'", e);
        }
    }
}
