package com.aitesting.workflow.handler;

import com.aitesting.core.workflow.ExecuteStep;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ExecuteStep task: {tenant_id, run_id, step_index, step, chunk: {offset, counts}}. The step item is
 * informational; the use case reads the step from the run's plan, which is the record of truth. The result
 * {outcome, done, next_offset, counts} tells the state machine whether another chunk of the step follows
 * (docs/executors.md, chunking); a payload without chunk is the first chunk.
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
        Map<?, ?> chunk = payload.object("chunk").orElse(Map.of());
        ExecuteStep.Command command = new ExecuteStep.Command(payload.task(), payload.integer("step_index"),
                offset(chunk.get("offset")), counts(chunk.get("counts")));
        ExecuteStep.Result result = Tasks.run(() -> executeStep.executeChunk(command));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        out.put("done", result.done());
        out.put("next_offset", result.nextOffset());
        out.put("counts", result.counts());
        return out;
    }

    private static long offset(Object value) {
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("task payload chunk.offset must be a whole number >= 0");
        }
        return n.longValue();
    }

    private static Map<String, Long> counts(Object value) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k instanceof String name && v instanceof Number n) {
                    counts.put(name, n.longValue());
                }
            });
        }
        return counts;
    }
}
