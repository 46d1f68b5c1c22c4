package com.aitesting.core.error;

import java.util.Map;

/**
 * The request is valid but conflicts with the object's current state (409): an invalid run transition,
 * or a run started outside the engagement's testing windows. {@code type} is the stable problem type
 * suffix (e.g. "invalid-transition", "outside-testing-window"); {@code details} become problem members.
 */
public final class ConflictException extends DomainException {
    private final String type;
    private final Map<String, Object> details;

    public ConflictException(String type, String message, Map<String, Object> details) {
        super(message);
        this.type = type;
        this.details = Map.copyOf(details);
    }

    public String type() {
        return type;
    }

    public Map<String, Object> details() {
        return details;
    }
}
