package com.aitesting.core.engagement;

import com.aitesting.core.Uuids;
import com.aitesting.core.error.NotFoundException;
import java.util.UUID;

public record EngagementId(UUID value) {
    public EngagementId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static EngagementId random() {
        return new EngagementId(UUID.randomUUID());
    }

    /** Parses an id taken from a URL or body; a malformed id cannot name anything, so it is "not found". */
    public static EngagementId parse(String text) {
        try {
            return new EngagementId(Uuids.parse(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException("engagement", text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
