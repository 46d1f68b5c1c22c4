package com.aitesting.core.execution;

import com.aitesting.core.finding.Finding;
import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.run.RunId;
import com.aitesting.core.scope.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chunk of a work step. {@code offset} is where the previous chunk stopped (0 for the first) and
 * {@code counts} what the earlier chunks counted; {@code findings} are the run's findings so far, which is
 * how results flow between steps (discovery's live hosts feed the port scan, open ports the HTTP/TLS checks).
 * {@code earlierTests} are the test ids of the plan's steps before this one.
 */
public record StepWork(
        RunId run,
        PlanStep step,
        List<String> earlierTests,
        Scope scope,
        long offset,
        Map<String, Long> counts,
        List<Finding> findings,
        Duration budget,
        StopSignal stop) {

    public StepWork {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(step, "step");
        earlierTests = List.copyOf(earlierTests);
        Objects.requireNonNull(scope, "scope");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0");
        }
        counts = Map.copyOf(counts);
        findings = List.copyOf(findings);
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(stop, "stop");
    }
}
