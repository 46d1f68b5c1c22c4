package com.aitesting.workflow.handler;

import com.aitesting.core.run.RunFailure;
import com.aitesting.core.workflow.FailRun;
import com.aitesting.workflow.TaskError;
import com.aitesting.workflow.Tasks;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FailRun task: {tenant_id, run_id, error: {Error, Cause}}. Result ignored by the state machine. The run gets
 * the stable failure code and its sentence; the error's internals are logged here, under the reference the
 * run.failed event carries, and nowhere else.
 */
public final class FailRunHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(FailRunHandler.class);

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
        RunFailure failure = error.failure();
        String reference = failure == RunFailure.INTERNAL_ERROR ? error.reference(payload.task().run()) : null;
        LOG.error("run {} of tenant {} failed ({}, reference {}): {}", payload.task().run(), payload.task().tenant().value(),
                failure.code(), reference, error.details());
        FailRun.Command command = new FailRun.Command(payload.task(), failure, reference);
        return Map.of("outcome", Tasks.run(() -> failRun.execute(command)).name().toLowerCase(Locale.ROOT));
    }
}
