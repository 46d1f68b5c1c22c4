package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.eventually;
import static com.aitesting.sfnlocal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The product's real statemachines/run.asl.json, end to end with fake task functions. */
class RunStateMachineTest {
    static final Map<String, String> SUBSTITUTIONS = Map.of(
            "BeginRunFunction", "ait-begin-run", "CheckpointFunction", "ait-checkpoint",
            "ParkRunFunction", "ait-park-run", "ExecuteStepFunction", "ait-execute-step",
            "CompleteRunFunction", "ait-complete-run", "FailRunFunction", "ait-fail-run");
    static final String INPUT = "{\"tenant_id\":\"t1\",\"run_id\":\"11111111-1111-1111-1111-111111111111\"}";

    /** Checkpoint answers, taken in order; "continue" once they run out. */
    private final ConcurrentLinkedQueue<String> checkpointAnswers = new ConcurrentLinkedQueue<>();
    private final Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();
    private volatile RuntimeException executeFailure;
    private final LocalStepFunctions engine = RunStateMachineTest.fakeFunctions(LocalStepFunctions.builder(), calls,
            checkpointAnswers, () -> executeFailure).build();
    private final String machine;

    RunStateMachineTest() {
        machine = engine.createStateMachine("ai-testing-run", Fixtures.read(Fixtures.RUN_DEFINITION), SUBSTITUTIONS);
        engine.start();
    }

    static LocalStepFunctions.Builder fakeFunctions(LocalStepFunctions.Builder builder, Map<String, List<JsonNode>> calls,
                                                    ConcurrentLinkedQueue<String> checkpointAnswers,
                                                    java.util.function.Supplier<RuntimeException> executeFailure) {
        for (String name : SUBSTITUTIONS.values()) {
            calls.put(name, new CopyOnWriteArrayList<>());
        }
        return builder
                .function("ait-begin-run", p -> {
                    calls.get("ait-begin-run").add(p);
                    return json("{\"steps\":[{\"name\":\"recon\"},{\"name\":\"scan\"}]}");
                })
                .function("ait-checkpoint", p -> {
                    calls.get("ait-checkpoint").add(p);
                    String answer = checkpointAnswers.poll();
                    return json("{\"action\":\"" + (answer == null ? "continue" : answer) + "\"}");
                })
                .function("ait-park-run", p -> {
                    calls.get("ait-park-run").add(p);
                    return null;
                })
                .function("ait-execute-step", p -> {
                    calls.get("ait-execute-step").add(p);
                    RuntimeException failure = executeFailure.get();
                    if (failure != null) {
                        throw failure;
                    }
                    return json("{\"ignored\":true}");
                })
                .function("ait-complete-run", p -> {
                    calls.get("ait-complete-run").add(p);
                    return null;
                })
                .function("ait-fail-run", p -> {
                    calls.get("ait-fail-run").add(p);
                    return null;
                });
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void continuesThroughBothStepsAndCompletes() {
        ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, "run-ok", INPUT));

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls.get("ait-begin-run").getFirst()).isEqualTo(json("{\"tenant_id\":\"t1\",\"run_id\":"
                + "\"11111111-1111-1111-1111-111111111111\",\"execution_id\":\"" + done.executionArn() + "\"}"));
        assertThat(calls.get("ait-execute-step")).extracting(p -> p.get("step_index").asInt()).containsExactly(0, 1);
        assertThat(calls.get("ait-execute-step").get(1).get("step")).isEqualTo(json("{\"name\":\"scan\"}"));
        assertThat(calls.get("ait-complete-run")).hasSize(1);
        assertThat(calls.get("ait-fail-run")).isEmpty();
    }

    @Test
    void pausesOnATaskTokenAndResumesWhenItIsAnswered() {
        checkpointAnswers.add("continue");
        checkpointAnswers.add("pause");
        String arn = engine.startExecution(machine, "run-pause", INPUT);
        eventually(Duration.ofSeconds(5), "the run to park", () -> !calls.get("ait-park-run").isEmpty());
        JsonNode park = calls.get("ait-park-run").getFirst();
        assertThat(park.get("step_index").asInt()).isEqualTo(1);
        assertThat(calls.get("ait-execute-step")).hasSize(1);

        engine.sendTaskSuccess(park.get("task_token").asText(), "{}");

        ExecutionDescription done = awaitEnd(engine, arn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // after resuming, step 1 passes its checkpoint again before executing
        assertThat(calls.get("ait-checkpoint")).extracting(p -> p.get("step_index").asInt()).containsExactly(0, 1, 1);
        assertThat(calls.get("ait-execute-step")).extracting(p -> p.get("step_index").asInt()).containsExactly(0, 1);
        assertThat(calls.get("ait-complete-run")).hasSize(1);
    }

    @Test
    void abortAtACheckpointEndsInRunAbortedWithoutCompleting() {
        checkpointAnswers.add("abort");

        ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, "run-abort", INPUT));

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output()).at("/error/Error").asText()).isEqualTo("Run.Aborted");
        assertThat(calls.get("ait-execute-step")).isEmpty();
        assertThat(calls.get("ait-complete-run")).isEmpty();
        assertThat(engine.getExecutionHistory(done.executionArn())).anySatisfy(e ->
                assertThat(e.details() == null ? "" : e.details().path("name").asText()).isEqualTo("RunAborted"));
    }

    @Test
    void aFailingStepIsRecordedByFailRunAndFailsTheExecution() {
        executeFailure = new UnsupportedOperationException("scanner crashed");

        ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, "run-fail", INPUT));

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Run.Failed");
        JsonNode failRun = calls.get("ait-fail-run").getFirst();
        assertThat(failRun.at("/error/Error").asText()).isEqualTo("java.lang.UnsupportedOperationException");
        assertThat(json(failRun.at("/error/Cause").asText()).get("errorMessage").asText()).isEqualTo("scanner crashed");
        assertThat(calls.get("ait-execute-step")).hasSize(1);
    }
}
