package com.aitesting.core.scope;

import com.aitesting.core.error.InvalidInputException;
import java.util.Locale;

/** What a test needs to aim at: address ranges (in_scope_cidrs) or names (in_scope_domains). */
public enum TargetKind {
    CIDR, DOMAIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TargetKind fromWire(String value) {
        for (TargetKind kind : values()) {
            if (kind.wire().equals(value)) {
                return kind;
            }
        }
        throw InvalidInputException.of("target_kind", "must be one of: cidr, domain");
    }
}
