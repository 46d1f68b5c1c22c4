package com.aitesting.core.catalog;

import java.util.Objects;

/** One step a run of the test goes through, with how long it nominally takes (for estimates and pacing). */
public record CatalogStep(String id, String title, int nominalSeconds) {
    public CatalogStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (nominalSeconds <= 0) {
            throw new IllegalArgumentException("step " + id + ": nominal_seconds must be positive");
        }
    }
}
