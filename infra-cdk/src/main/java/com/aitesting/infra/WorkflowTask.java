package com.aitesting.infra;

import software.amazon.awscdk.Duration;

/** The six task functions of statemachines/run.asl.json, keyed as in docs/architecture.md. */
enum WorkflowTask {
    BEGIN_RUN("BeginRunFunction", "BeginRunHandler", Duration.minutes(1)),
    CHECKPOINT("CheckpointFunction", "CheckpointHandler", Duration.minutes(1)),
    PARK_RUN("ParkRunFunction", "ParkRunHandler", Duration.minutes(1)),
    // The ExecuteStep task state allows 900 s; the function may use all of it.
    EXECUTE_STEP("ExecuteStepFunction", "ExecuteStepHandler", Duration.minutes(15)),
    COMPLETE_RUN("CompleteRunFunction", "CompleteRunHandler", Duration.minutes(1)),
    FAIL_RUN("FailRunFunction", "FailRunHandler", Duration.minutes(1));

    private final String substitutionKey;
    private final String handlerClass;
    private final Duration timeout;

    WorkflowTask(String substitutionKey, String handlerSimpleName, Duration timeout) {
        this.substitutionKey = substitutionKey;
        this.handlerClass = "com.aitesting.workflow.handler." + handlerSimpleName;
        this.timeout = timeout;
    }

    String substitutionKey() {
        return substitutionKey;
    }

    String handlerClass() {
        return handlerClass;
    }

    Duration timeout() {
        return timeout;
    }

    /** Whether the task writes run events (and so pushes them to WebSocket subscribers): all but the checkpoint, which only reads. */
    boolean appendsRunEvents() {
        return this != CHECKPOINT;
    }

    /** Construct id, e.g. BeginRun for BeginRunFunction. */
    String constructId() {
        return substitutionKey.substring(0, substitutionKey.length() - "Function".length());
    }
}
