package com.aitesting.workflow.handler;

import com.aitesting.core.workflow.FailRun;
import com.aitesting.workflow.TaskError;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;

/** FailRun task: {tenant_id, run_id, error: {Error, Cause}}. Result ignored by the state machine. */
public final class FailRunHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final FailRun failRun;

    public FailRunHandler() {
        this(WorkflowWiring.fromEnvironment().failRun());
    }

    public FailRunHandler(FailRun failRun) {
        this.failRun = failRun;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        TaskError error = payload.object("error").map(TaskError::of)
                .orElseThrow(() -> new IllegalArgumentException("task payload needs the object field error"));
        FailRun.Command command = new FailRun.Command(payload.task(), error.error(), error.reason());
        return Map.of("outcome", Tasks.run(() -> failRun.execute(command)).name().toLowerCase(Locale.ROOT));
    }
}
