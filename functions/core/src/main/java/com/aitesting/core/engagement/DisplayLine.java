package com.aitesting.core.engagement;

import com.aitesting.core.error.InvalidInputException;

/**
 * The rule for a short text a person typed that heads consoles, Slack messages, exports and audit logs (an
 * engagement's name, its authorization reference): trimmed, 1 to a maximum of characters, one line.
 */
final class DisplayLine {

    /** {@code value} trimmed, refused when empty or longer than {@code maxLength}; {@code purpose} ends the message. */
    static String trimmed(String field, String value, int maxLength, String purpose) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty() || trimmed.length() > maxLength) {
            throw InvalidInputException.of(field, "must be 1-" + maxLength + " characters after trimming" + purpose);
        }
        return trimmed;
    }

    /** {@code value} as it is, refused when it holds a line break or another control character. */
    static String oneLine(String field, String value) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.of(field, "must be one line without control characters");
        }
        return value;
    }

    private DisplayLine() {}
}
