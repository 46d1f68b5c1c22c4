package com.aitesting.core.scope;

import com.aitesting.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How invasive testing may be, in increasing order; the declaration order is the ordering. */
public enum RiskTier {
    PASSIVE, SAFE_ACTIVE, ACTIVE, INTRUSIVE;

    /** True when something rated {@code other} is permitted under this tier. */
    public boolean allows(RiskTier other) {
        return other.ordinal() <= ordinal();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RiskTier fromWire(String value) {
        for (RiskTier tier : values()) {
            if (tier.wire().equals(value)) {
                return tier;
            }
        }
        throw InvalidInputException.of("risk_tier", "must be one of: " + allWire());
    }

    static String allWire() {
        return Arrays.stream(values()).map(RiskTier::wire).collect(Collectors.joining(", "));
    }
}
