package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;

/** The real executor of one catalog test. */
interface TestExecutor {
    String testId();

    /** The step of the test that probes (docs/executors.md lists them); the test's other steps only report. */
    String workStep();

    ChunkOutcome run(StepContext context);
}
