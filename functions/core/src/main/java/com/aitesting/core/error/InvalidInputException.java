package com.aitesting.core.error;

import java.util.List;

/**
 * Input that breaks a rule, with one entry per offending field. {@code kind} selects the problem type:
 * VALIDATION for malformed input (400), UNPROCESSABLE for well-formed input the rules reject (422).
 */
public final class InvalidInputException extends DomainException {
    public enum Kind { VALIDATION, UNPROCESSABLE }

    /** One offending field: a JSON pointer-like path such as {@code scope.in_scope_cidrs[2]}, and why. */
    public record FieldError(String field, String message) {}

    private final Kind kind;
    private final List<FieldError> errors;

    public InvalidInputException(Kind kind, String message, List<FieldError> errors) {
        super(message);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Kind.VALIDATION, field + " " + message, List.of(new FieldError(field, message)));
    }

    public static InvalidInputException unprocessable(String field, String message) {
        return new InvalidInputException(Kind.UNPROCESSABLE, field + " " + message, List.of(new FieldError(field, message)));
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
