package com.aitesting.core.tenant;

import com.aitesting.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A tenant's id as carried by the caller's credentials (dev header or JWT claim), e.g. {@code t_demo}. */
public record TenantId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public TenantId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw InvalidInputException.of("tenant_id",
                    "must be 1-64 characters of letters, digits, '_', '.', '-', starting with a letter or digit");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
