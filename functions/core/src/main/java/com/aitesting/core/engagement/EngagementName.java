package com.aitesting.core.engagement;

/** The name rule shared by the command and the record: trimmed, 1-200 characters. */
final class EngagementName {
    static final int MAX_LENGTH = 200;

    static String check(String name) {
        return DisplayLine.trimmed("name", name, MAX_LENGTH, "");
    }

    /**
     * A new name is also one line without control characters ({@link DisplayLine}). Only new names: a row
     * stored before this rule still loads ({@link #check}).
     */
    static String checkNew(String name) {
        return DisplayLine.oneLine("name", check(name));
    }

    private EngagementName() {}
}
