package com.aitesting.core.plan;

import java.util.Objects;

/** One step of a plan in execution order; {@code index} is 0-based and is the run's step_index. */
public record PlanStep(int index, String testId, String stepId, String title, String agent, int nominalSeconds) {
    public PlanStep {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(agent, "agent");
        if (index < 0 || nominalSeconds <= 0) {
            throw new IllegalArgumentException("index must be >= 0 and nominalSeconds > 0");
        }
    }
}
