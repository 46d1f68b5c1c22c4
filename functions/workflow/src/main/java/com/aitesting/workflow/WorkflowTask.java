package com.aitesting.workflow;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The task functions of statemachines/run.asl.json: the ONE list of the ASL-to-handler contract. Each task
 * is a {@code ${<Name>Function}} placeholder in the definition (CDK fills it with the function's ARN, the
 * embedded engine with {@link #localFunctionName()}) and one handler class in {@code workflow.handler}.
 * Plain strings only, so infra-cdk can read the list without loading the handlers.
 */
public enum WorkflowTask {
    BEGIN_RUN("BeginRun"),
    CHECKPOINT("Checkpoint"),
    PARK_RUN("ParkRun"),
    EXECUTE_STEP("ExecuteStep"),
    COMPLETE_RUN("CompleteRun"),
    FAIL_RUN("FailRun");

    private final String name;

    WorkflowTask(String name) {
        this.name = name;
    }

    /** The task's name in the definition, e.g. BeginRun. */
    public String taskName() {
        return name;
    }

    /** The definition's placeholder key, e.g. BeginRunFunction for {@code ${BeginRunFunction}}. */
    public String substitutionKey() {
        return name + "Function";
    }

    /** The function name the embedded engine registers the handler under, e.g. ait-begin-run. */
    public String localFunctionName() {
        return "ait-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Lambda handler's class name, e.g. com.aitesting.workflow.handler.BeginRunHandler. */
    public String handlerClass() {
        return "com.aitesting.workflow.handler." + name + "Handler";
    }

    /** Every placeholder of the definition mapped to its local function name (the embedded engine, tests, bench). */
    public static Map<String, String> localSubstitutions() {
        Map<String, String> byKey = new LinkedHashMap<>();
        Arrays.stream(values()).forEach(task -> byKey.put(task.substitutionKey(), task.localFunctionName()));
        return Map.copyOf(byKey);
    }
}
