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

    /**
     * A new name is also one line without control characters: it heads consoles, Slack messages and exports.
     * Only new names: a row stored before this rule still loads ({@link #check}).
     */
    static String checkNew(String name) {
        String checked = check(name);
        if (checked.chars().anyMatch(Character::isISOControl)) {
            throw InvalidInputException.of("name", "must be one line without control characters");
        }
        return checked;
    }

    private EngagementName() {}
}
