package com.aitesting.workflow.handler;

import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.workflow.Checkpoint;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Checkpoint task: {tenant_id, run_id, step_index} -> {"action": "continue" | "pause" | "abort"}. */
public final class CheckpointHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final Checkpoint checkpoint;

    public CheckpointHandler() {
        this(WorkflowWiring.fromEnvironment().checkpoint());
    }

    public CheckpointHandler(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        RunLifecycle.AtStepBoundary decision = Tasks.run(() -> checkpoint.execute(payload.task()));
        return Map.of("action", decision.wire());
    }
}
