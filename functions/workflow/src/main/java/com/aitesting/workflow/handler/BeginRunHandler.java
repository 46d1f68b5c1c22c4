package com.aitesting.workflow.handler;

import com.aitesting.core.plan.PlanStep;
import com.aitesting.core.workflow.BeginRun;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** BeginRun task: {tenant_id, run_id, execution_id} -> {"steps": [...]}, the Map state's items. */
public final class BeginRunHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final BeginRun beginRun;

    public BeginRunHandler() {
        this(WorkflowWiring.fromEnvironment().beginRun());
    }

    public BeginRunHandler(BeginRun beginRun) {
        this.beginRun = beginRun;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        TaskPayload payload = new TaskPayload(input);
        BeginRun.Command command = new BeginRun.Command(payload.task(), payload.text("execution_id"));
        List<PlanStep> steps = Tasks.run(() -> beginRun.execute(command));
        return Map.of("steps", steps.stream().map(BeginRunHandler::item).toList());
    }

    /** Small on purpose: Map items travel in the execution's state (256 KB limit). */
    private static Map<String, Object> item(PlanStep step) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("index", step.index());
        item.put("test_id", step.testId());
        item.put("step_id", step.stepId());
        item.put("title", step.title());
        item.put("agent", step.agent());
        item.put("nominal_seconds", step.nominalSeconds());
        return item;
    }
}
