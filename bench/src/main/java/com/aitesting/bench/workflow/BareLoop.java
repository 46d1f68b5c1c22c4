package com.aitesting.bench.workflow;

import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.Run;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The same work without the engine: the same six handler instances (same wiring, step time 0) called
 * directly, in the order the state machine calls them for a run that neither pauses nor fails:
 * BeginRun, then for every step Checkpoint and ExecuteStep, then CompleteRun. The payloads are the Maps the
 * state machine's Parameters would build; no JSON, no HTTP, no execution state.
 */
public final class BareLoop {
    private final RequestHandler<Map<String, Object>, Map<String, Object>> begin;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> checkpoint;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> execute;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> complete;
    private final String executionPrefix;

    public BareLoop(DataSource appDataSource, String executionPrefix) {
        WorkflowWiring wiring = new WorkflowWiring(appDataSource, NeverParks::new, Duration.ZERO, Clock.systemUTC());
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers = wiring.handlersByFunctionName();
        begin = handlers.get(WorkflowWiring.BEGIN_RUN);
        checkpoint = handlers.get(WorkflowWiring.CHECKPOINT);
        execute = handlers.get(WorkflowWiring.EXECUTE_STEP);
        complete = handlers.get(WorkflowWiring.COMPLETE_RUN);
        this.executionPrefix = executionPrefix;
    }

    /** Runs the run to completed; returns the number of handler calls. */
    public int runToEnd(Run run) {
        String tenant = run.tenant().value();
        String id = run.id().toString();
        Map<String, Object> task = Map.of("tenant_id", tenant, "run_id", id);
        Map<String, Object> beginPayload = new LinkedHashMap<>(task);
        beginPayload.put("execution_id", executionPrefix + id);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) begin.handleRequest(beginPayload, null).get("steps");
        int calls = 1;
        for (int index = 0; index < steps.size(); index++) {
            Map<String, Object> item = new LinkedHashMap<>(task);
            item.put("step_index", index);
            Object action = checkpoint.handleRequest(item, null).get("action");
            calls++;
            if (!"continue".equals(action)) {
                throw new IllegalStateException("checkpoint said " + action + " for run " + id);
            }
            item.put("step", steps.get(index));
            execute.handleRequest(item, null);
            calls++;
        }
        complete.handleRequest(task, null);
        return calls + 1;
    }

    /** The park task's engine: unused, since nothing pauses in the benchmark. */
    private static final class NeverParks implements WorkflowEngine {
        @Override
        public String startRun(com.aitesting.core.tenant.TenantId tenant, com.aitesting.core.run.RunId run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resume(String taskToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void failToken(String taskToken, String error, String cause) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String executionId, String cause) {
            throw new UnsupportedOperationException();
        }
    }
}
