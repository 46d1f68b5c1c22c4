package com.aitesting.core.plan;

import com.aitesting.core.Uuids;
import com.aitesting.core.error.NotFoundException;
import java.util.UUID;

public record PlanId(UUID value) {
    public PlanId {
        java.util.Objects.requireNonNull(value, "value");
    }

    public static PlanId random() {
        return new PlanId(UUID.randomUUID());
    }

    /** Parses an id taken from a URL or body; a malformed id cannot name anything, so it is "not found". */
    public static PlanId parse(String text) {
        try {
            return new PlanId(Uuids.parse(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new NotFoundException("plan", text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
