package com.aitesting.core.error;

import com.aitesting.core.error.InvalidInputException.FieldError;
import com.aitesting.core.error.InvalidInputException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects every field error of one request so the client sees all of them at once, each under its full
 * path (e.g. {@code scope.in_scope_cidrs[1]}). Value parsers throw {@link InvalidInputException} without
 * knowing where the value sits; {@link #at} re-files their message under the path. Malformed input (400)
 * outranks a rule violation (422): a client fixes the format first.
 */
public final class FieldErrors {
    private final List<FieldError> errors = new ArrayList<>();
    private Kind kind = Kind.UNPROCESSABLE;

    /** The parsed value, or null after recording the parser's errors under {@code path}. */
    public <T> T at(String path, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            for (FieldError error : e.errors()) {
                errors.add(new FieldError(path, error.message()));
            }
            if (e.kind() == Kind.VALIDATION) {
                kind = Kind.VALIDATION;
            }
            return null;
        }
    }

    /**
     * Like {@link #at} for a parser of a nested object whose errors carry their own relative paths:
     * {@code within("scope", ...)} files {@code in_scope_cidrs[1]} as {@code scope.in_scope_cidrs[1]}.
     */
    public <T> T within(String prefix, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            for (FieldError error : e.errors()) {
                errors.add(new FieldError(prefix + "." + error.field(), error.message()));
            }
            if (e.kind() == Kind.VALIDATION) {
                kind = Kind.VALIDATION;
            }
            return null;
        }
    }

    /** The value, or null after recording "is required" under {@code path}. */
    public <T> T required(String path, T value) {
        if (value == null) {
            add(Kind.VALIDATION, path, "is required");
        }
        return value;
    }

    public void add(Kind errorKind, String path, String message) {
        errors.add(new FieldError(path, message));
        if (errorKind == Kind.VALIDATION) {
            kind = Kind.VALIDATION;
        }
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String summary = errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        throw new InvalidInputException(kind, summary, errors);
    }
}
