package com.aitesting.workflow.handler;

import com.aitesting.core.workflow.CompleteRun;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;

/** CompleteRun task: {tenant_id, run_id}. Result ignored by the state machine. */
public final class CompleteRunHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final CompleteRun completeRun;

    public CompleteRunHandler() {
        this(WorkflowWiring.fromEnvironment().completeRun());
    }

    public CompleteRunHandler(CompleteRun completeRun) {
        this.completeRun = completeRun;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        return Map.of("outcome", Tasks.run(() -> completeRun.execute(payload.task())).name().toLowerCase(Locale.ROOT));
    }
}
