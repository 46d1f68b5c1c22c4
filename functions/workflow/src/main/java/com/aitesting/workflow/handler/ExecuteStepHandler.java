package com.aitesting.workflow.handler;

import com.aitesting.core.workflow.ExecuteStep;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;

/**
 * ExecuteStep task: {tenant_id, run_id, step_index, step}. The step item is informational; the use case
 * reads the step from the run's plan, which is the record of truth. Result ignored by the state machine.
 */
public final class ExecuteStepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ExecuteStep executeStep;

    public ExecuteStepHandler() {
        this(WorkflowWiring.fromEnvironment().executeStep());
    }

    public ExecuteStepHandler(ExecuteStep executeStep) {
        this.executeStep = executeStep;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        ExecuteStep.Command command = new ExecuteStep.Command(payload.task(), payload.integer("step_index"));
        return Map.of("outcome", Tasks.run(() -> executeStep.execute(command)).name().toLowerCase(Locale.ROOT));
    }
}
