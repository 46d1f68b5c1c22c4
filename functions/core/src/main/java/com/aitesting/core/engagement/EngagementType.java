package com.aitesting.core.engagement;

import com.aitesting.core.error.InvalidInputException;
import java.util.Locale;

/** What kind of assessment the engagement is; informational (plans are constrained by the scope). */
public enum EngagementType {
    NETWORK, WEB, CLOUD, MIXED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EngagementType fromWire(String value) {
        for (EngagementType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        throw InvalidInputException.of("type", "must be one of: network, web, cloud, mixed");
    }
}
