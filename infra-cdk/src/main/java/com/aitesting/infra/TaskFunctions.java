package com.aitesting.infra;

import com.aitesting.workflow.WorkflowTask;
import software.amazon.awscdk.Duration;

/**
 * What the stack adds to each task of the workflow module's one list of the ASL's task functions
 * ({@link WorkflowTask}, plain strings, read here without loading any handler): timeout, construct id, and
 * whether the function writes run events.
 */
final class TaskFunctions {
    private TaskFunctions() {}

    /** The ExecuteStep task state allows 900 s and the function may use all of it; the others are short. */
    static Duration timeout(WorkflowTask task) {
        return task == WorkflowTask.EXECUTE_STEP ? Duration.minutes(15) : Duration.minutes(1);
    }

    /** Whether the task writes run events (and so pushes them to WebSocket subscribers): all but the checkpoint, which only reads. */
    static boolean appendsRunEvents(WorkflowTask task) {
        return task != WorkflowTask.CHECKPOINT;
    }

    /** Construct id, e.g. BeginRun for BeginRunFunction. */
    static String constructId(WorkflowTask task) {
        return task.taskName();
    }
}
