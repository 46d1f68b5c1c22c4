package com.aitesting.core.port;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;

/**
 * Executes runs through the run state machine (statemachines/run.asl.json). One adapter: AWS Step
 * Functions via SfnClient; locally the same adapter talks to the embedded engine's endpoint.
 */
public interface WorkflowEngine {
    /** Starts the run's execution (idempotent per run); returns the execution id (ARN). */
    String startRun(TenantId tenant, RunId run);

    /** Answers a parked run's task token so the execution continues. */
    void resume(String taskToken);

    /** Fails a parked run's task token (used when a parked run is aborted). */
    void failToken(String taskToken, String error, String cause);

    /** Stops the execution; a no-op when it has already finished. */
    void stop(String executionId, String cause);
}
