package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;

/** The real executor of one catalog test. */
interface TestExecutor {
    String testId();

    /** The step of the test that probes (docs/executors.md lists them); the test's other steps only report. */
    String workStep();

    /**
     * The worst case of one work item (its probes and their timeouts, which the guard enforces): the chunk
     * rule ({@link Probes}) starts an item only while this still fits the chunk's budget.
     */
    ItemCost itemCost(ExecutorSettings settings);

    ChunkOutcome run(StepContext context);
}
