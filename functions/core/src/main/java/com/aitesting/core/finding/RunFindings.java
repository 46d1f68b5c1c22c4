package com.aitesting.core.finding;

import com.aitesting.core.run.Run;
import java.util.List;
import java.util.Objects;

/** A run and its findings of at least {@code minimum} severity, most severe first: what the exports are made of. */
public record RunFindings(Run run, Severity minimum, List<Finding> findings) {
    public RunFindings {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(minimum, "minimum");
        findings = List.copyOf(findings);
    }
}
