package com.aitesting.core.plan;

import java.util.Objects;

/** A selected test and the agent that will run it. */
public record PlannedTest(String testId, String agent) {
    public PlannedTest {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(agent, "agent");
    }
}
