package com.aitesting.core.finding;

import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A run and its findings of at least {@code minimum} severity, most severe first: what
 * the exports are made of (both say the run's mode and status, so a partial run never reads as a whole one).
 */
public record RunFindings(Run run, Severity minimum, List<Finding> findings) {
    public RunFindings {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(minimum, "minimum");
        findings = List.copyOf(findings);
    }

    /**
     * For a run that did not complete (failed or aborted), why its findings are not the whole picture, in the
     * words both exports show: a tool that closes what an import lacks must not be fed it as a full scan.
     */
    public Optional<String> partial() {
        if (run.status() == RunStatus.COMPLETED) {
            return Optional.empty();
        }
        String reason = run.failureReason() == null ? "" : " (" + run.failureReason() + ")";
        return Optional.of("The run " + run.status().wire() + reason + " after " + run.completedSteps() + " of "
                + run.totalSteps() + " steps: its findings are partial, and an issue missing here may not have been "
                + "tested, so do not close findings because this export lacks them.");
    }
}
