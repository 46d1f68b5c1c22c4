package com.aitesting.core.run;

import com.aitesting.core.Uuids;
import com.aitesting.core.error.NotFoundException;
import java.util.UUID;

public record RunId(UUID value) {
    public RunId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID());
    }

    /** Parses an id taken from a URL or body; a malformed id cannot name anything, so it is "not found". */
    public static RunId parse(String text) {
        try {
            return new RunId(Uuids.parse(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException("run", text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
