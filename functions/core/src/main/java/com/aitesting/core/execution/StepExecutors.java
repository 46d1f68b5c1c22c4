package com.aitesting.core.execution;

import java.util.Optional;

/**
 * The real executors (module functions/executors), one per executable catalog test. Each test spans several
 * plan steps; exactly one of them, its work step, probes; the others only report what they are.
 */
public interface StepExecutors {
    /** The step id of {@code testId} that does the probing; empty when the test has no real executor. */
    Optional<String> workStep(String testId);

    /**
     * Runs one chunk of a work step: probes from {@code work.offset()} on until the work is done or the
     * chunk's time budget is spent, reporting progress, findings and refusals as they happen, and stops at
     * once (in-flight probes cancelled) when {@code work.stop()} fires.
     */
    ChunkOutcome execute(StepWork work, StepReporter reporter);
}
