package com.aitesting.workflow.handler;

import com.aitesting.core.workflow.ParkRun;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;

/**
 * WaitForResume task ({@code .waitForTaskToken}): {tenant_id, run_id, step_index, task_token}. Its result
 * is ignored; the execution continues when the token is answered (by a resume, or by this task itself).
 */
public final class ParkRunHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final ParkRun parkRun;

    public ParkRunHandler() {
        this(WorkflowWiring.fromEnvironment().parkRun());
    }

    public ParkRunHandler(ParkRun parkRun) {
        this.parkRun = parkRun;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        ParkRun.Command command = new ParkRun.Command(payload.task(), payload.integer("step_index"), payload.text("task_token"));
        return Map.of("outcome", Tasks.run(() -> parkRun.execute(command)).name().toLowerCase(Locale.ROOT));
    }
}
