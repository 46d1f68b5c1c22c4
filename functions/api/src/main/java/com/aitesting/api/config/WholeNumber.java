package com.aitesting.api.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A setting that is a whole number within {@code min..max}, or blank (unset: the caller's default applies).
 * For raw string settings ({@link ApiProperties#number} reads the value): jakarta's {@code @Min}/{@code @Max} apply to numbers only, and a number-typed
 * property would let Micronaut drop a value it cannot convert in silence instead of stopping the start.
 */
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
@Constraint(validatedBy = {})
public @interface WholeNumber {
    long min();

    long max();

    /** Name the variable: "DATABASE_MAX_POOL_SIZE must be a whole number from {min} to {max}". */
    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @Singleton
    final class Validator implements ConstraintValidator<WholeNumber, CharSequence> {
        @Override
        public boolean isValid(@Nullable CharSequence value, AnnotationValue<WholeNumber> annotation, ConstraintValidatorContext context) {
            if (value == null || value.toString().isBlank()) {
                return true;
            }
            long n;
            try {
                n = Long.parseLong(value.toString().strip());
            } catch (NumberFormatException e) {
                return false;
            }
            return n >= annotation.longValue("min").orElseThrow() && n <= annotation.longValue("max").orElseThrow();
        }
    }
}
