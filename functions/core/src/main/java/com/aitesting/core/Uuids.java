package com.aitesting.core;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An id as a client may write it: the 36-character 8-4-4-4-12 hex form, either case. {@link UUID#fromString}
 * also takes "1-1-1-1-1" or groups with leading zeros dropped, so one object would answer to many spellings,
 * and logs, caches and audit trails would see different ids for it.
 */
public final class Uuids {
    private static final Pattern CANONICAL = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The UUID {@code text} writes; {@link IllegalArgumentException} unless it is in the canonical form. */
    public static UUID parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a UUID in the 8-4-4-4-12 form");
        }
        return UUID.fromString(text);
    }

    private Uuids() {}
}
