package com.aitesting.core.live;

import com.aitesting.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A WebSocket connection's id as API Gateway assigns it (URL-safe; API Gateway's are 16 characters). */
public record ConnectionId(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_=+\\-]{1,128}");

    public ConnectionId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw InvalidInputException.of("connection_id", "must be a WebSocket connection id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
