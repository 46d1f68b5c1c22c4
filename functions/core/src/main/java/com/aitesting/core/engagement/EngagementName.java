package com.aitesting.core.engagement;

import com.aitesting.core.error.InvalidInputException;

/** The name rule shared by the command and the record: trimmed, 1-200 characters. */
final class EngagementName {
    static final int MAX_LENGTH = 200;

    static String check(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH) {
            throw InvalidInputException.of("name", "must be 1-" + MAX_LENGTH + " characters after trimming");
        }
        return trimmed;
    }

    private EngagementName() {}
}
