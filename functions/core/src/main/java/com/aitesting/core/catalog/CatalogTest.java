package com.aitesting.core.catalog;

import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.TargetKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A test the platform can run. {@code targetKinds}: the scope must offer at least one of them (a ping
 * sweep needs in_scope_cidrs; a TLS check works on either). {@code executable}: a real executor exists for it,
 * so a real run (SIMULATE_PROGRESS=false) may select it; the others run only simulated.
 */
public record CatalogTest(
        String id,
        String title,
        String description,
        String category,
        RiskTier riskTier,
        boolean executable,
        Set<TargetKind> targetKinds,
        String defaultAgent,
        List<CatalogStep> steps) {

    public CatalogTest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(riskTier, "riskTier");
        Objects.requireNonNull(defaultAgent, "defaultAgent");
        if (targetKinds.isEmpty() || steps.isEmpty()) {
            throw new IllegalArgumentException("test " + id + " needs target_kinds and steps");
        }
        targetKinds = Set.copyOf(EnumSet.copyOf(targetKinds));
        steps = List.copyOf(steps);
    }

    public int nominalSeconds() {
        return steps.stream().mapToInt(CatalogStep::nominalSeconds).sum();
    }
}
