package com.aitesting.core.engagement;

import com.aitesting.core.Storable;
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

    /**
     * {@code value} as it is, refused when it holds a line break (U+2028 and U+2029 included), another control
     * character, or a bidirectional formatting character, which would make the text read differently from what
     * it is where it is shown (the "Trojan Source" trick).
     */
    static String oneLine(String field, String value) {
        if (value.codePoints().anyMatch(Storable::misleading)) {
            throw InvalidInputException.of(field, "must be one line without control or bidirectional formatting characters");
        }
        return value;
    }

    private DisplayLine() {}
}
