package com.aitesting.core.settings;

import java.util.Locale;

/**
 * The one rule for a boolean setting (SIMULATE_PROGRESS, LIVE_WEBSOCKET, SLACK_ALLOW_LOOPBACK_HTTP, ...), in
 * every runtime that reads one: blank or unset is the setting's default; true/1/yes/on and false/0/no/off
 * in any case, surrounding spaces ignored; anything else stops the start naming the variable.
 */
public final class Flags {
    /** The same rule as a regular expression, for a Jakarta {@code @Pattern} on a configuration property. */
    public static final String PATTERN = "(?i)\\s*(true|false|1|0|yes|no|on|off)?\\s*";

    /** {@code value} of the setting {@code name}, or {@code fallback} when blank. */
    public static boolean parse(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + value.strip() + "'");
        };
    }

    private Flags() {}
}
