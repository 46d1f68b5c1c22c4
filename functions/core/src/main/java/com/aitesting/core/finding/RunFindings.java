package com.aitesting.core.finding;

import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run, its findings of at least {@code minimum} severity, most severe first, and what its steps could not
 * test: what the exports are made of (both say the run's mode and status, so a partial run never reads as a
 * whole one).
 */
public record RunFindings(Run run, Severity minimum, List<Finding> findings, List<StepShortfall> shortfalls) {
    private static final String DO_NOT_CLOSE = "an issue missing here may not have been tested, so do not close "
            + "findings because this export lacks them.";

    public RunFindings {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(minimum, "minimum");
        findings = List.copyOf(findings);
        shortfalls = List.copyOf(shortfalls);
    }

    /** Only a run that completed with nothing left untested tested its whole scope. */
    public boolean complete() {
        return run.status() == RunStatus.COMPLETED && shortfalls.isEmpty();
    }

    /**
     * For a run that did not complete (failed or aborted), or completed with steps that could not test all they
     * were to, why its findings are not the whole picture, in the words both exports show: a tool that closes
     * what an import lacks must not be fed it as a full scan.
     */
    public Optional<String> partial() {
        if (complete()) {
            return Optional.empty();
        }
        String untested = shortfalls.isEmpty() ? "" : " Not everything could be tested: "
                + shortfalls.stream().map(StepShortfall::describe).collect(Collectors.joining("; ")) + ".";
        if (run.status() == RunStatus.COMPLETED) {
            return Optional.of("The run completed, but " + shortfalls.size() + " of its steps could not test all of their "
                    + "targets: its findings are partial, and " + DO_NOT_CLOSE + untested);
        }
        String reason = run.failureReason() == null ? "" : " (" + run.failureReason() + ")";
        return Optional.of("The run " + run.status().wire() + reason + " after " + run.completedSteps() + " of "
                + run.totalSteps() + " steps: its findings are partial, and " + DO_NOT_CLOSE + untested);
    }
}
