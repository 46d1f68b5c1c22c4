package com.aitesting.core.idempotency;

import com.aitesting.core.error.InvalidInputException;

/** The value of an {@code Idempotency-Key} header: 1-255 printable ASCII characters, compared exactly as sent. */
public record IdempotencyKey(String value) {
    public static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw InvalidInputException.of(HEADER, "must be 1-" + MAX_LENGTH + " printable ASCII characters");
        }
    }
}
