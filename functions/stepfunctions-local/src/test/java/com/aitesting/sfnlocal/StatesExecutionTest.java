package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.asl;
import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every state type and path field, run by the in-memory engine. */
class StatesExecutionTest {
    private final List<JsonNode> echoed = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<Instant> flakyCalls = new CopyOnWriteArrayList<>();
    private final LocalStepFunctions engine = LocalStepFunctions.builder()
            .function("echo", payload -> {
                echoed.add(payload);
                return payload;
            })
            .function("work", payload -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(50);
                running.decrementAndGet();
                return Fixtures.JSON.createObjectNode().put("out", payload.get("prefix").asText() + payload.get("value").asInt()
                        + "@" + payload.get("index").asInt());
            })
            .function("flaky", payload -> {
                flakyCalls.add(Instant.now());
                if (flakyCalls.size() < 3) {
                    throw new IllegalStateException("not yet");
                }
                return payload;
            })
            .function("boom", payload -> {
                throw new IllegalArgumentException("bad input");
            })
            .build();

    StatesExecutionTest() {
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private ExecutionDescription run(String fixture, String input) {
        String machine = engine.createStateMachine(fixture.replace(".asl.json", ""), asl(fixture), Map.of());
        return awaitEnd(engine, engine.startExecution(machine, "run-1", input));
    }

    @Test
    void passChoiceWaitAndSucceedProduceTheExpectedOutput() {
        ExecutionDescription done = run("states.asl.json", "{\"n\": 3, \"limit\": 3}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("""
                {"text":"n=3 s=abc-x {literal}","sum":7,"json":"true","parsed":{"a":1},"name":"run-1","state":"Format",
                 "machine":"arn:aws:states:us-east-1:000000000000:stateMachine:states"}"""));
    }

    @Test
    void aChoiceThatFallsToItsDefaultReachesTheFailState() {
        ExecutionDescription done = run("states.asl.json", "{\"n\": 1, \"limit\": 3}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Wrong");
        assertThat(done.cause()).isEqualTo("the choice fell through to its Default");
    }

    @Test
    void inputPathParametersResultSelectorResultPathAndOutputPathApplyInOrder() {
        ExecutionDescription done = run("paths.asl.json", "{\"request\": {\"value\": 42}, \"other\": 1}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"echoed\":42,\"status\":200}"));
        assertThat(echoed.get(0)).isEqualTo(json("{\"value\":42,\"list\":[42,\"x\"],\"execution\":\"" + done.executionArn() + "\"}"));
        // the direct-invoke Task gets its whole effective input and, with ResultPath null, passes it through
        assertThat(echoed.get(1)).isEqualTo(json("{\"request\":{\"value\":42},\"other\":1,\"result\":{\"echoed\":42,\"status\":200}}"));
    }

    @Test
    void retryBacksOffExponentiallyAndCountsAttempts() {
        ExecutionDescription done = run("retry.asl.json", "{}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"retry\":2}"));
        assertThat(flakyCalls).hasSize(3);
        assertThat(Duration.between(flakyCalls.get(0), flakyCalls.get(1))).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2500));
        assertThat(Duration.between(flakyCalls.get(1), flakyCalls.get(2))).isBetween(Duration.ofMillis(2000), Duration.ofMillis(3500));
    }

    @Test
    void catchPutsTheLambdaErrorAtItsResultPath() {
        ExecutionDescription done = run("catch.asl.json", "{\"keep\": true}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = json(done.output());
        assertThat(output.get("keep").asBoolean()).isTrue();
        assertThat(output.at("/error/Error").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(json(output.at("/error/Cause").asText())).isEqualTo(json(
                "{\"errorMessage\":\"bad input\",\"errorType\":\"java.lang.IllegalArgumentException\"}"));
    }

    @Test
    void anUnregisteredFunctionFailsTheTaskWithResourceNotFound() {
        try (LocalStepFunctions bare = LocalStepFunctions.builder().build()) {
            bare.start();
            String machine = bare.createStateMachine("catch", asl("catch.asl.json"), Map.of());
            String arn = bare.startExecution(machine, null, "{}");

            ExecutionDescription done = awaitEnd(bare, arn);

            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("Other");
            assertThat(bare.getExecutionHistory(arn)).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("TaskFailed");
                assertThat(e.details().get("error").asText()).isEqualTo("Lambda.ResourceNotFoundException");
            });
        }
    }

    @Test
    void mapHonoursMaxConcurrencyAndParallelAndLegacyIteratorCollectResults() {
        ExecutionDescription done = run("map-parallel.asl.json", "{\"items\": [1, 2, 3, 4, 5], \"prefix\": \"p\"}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = json(done.output());
        assertThat(output.get("mapped")).isEqualTo(json("[{\"out\":\"p1@0\"},{\"out\":\"p2@1\"},{\"out\":\"p3@2\"},{\"out\":\"p4@3\"},{\"out\":\"p5@4\"}]"));
        assertThat(maxRunning.get()).isEqualTo(2);
        assertThat(output.get("parallel")).isEqualTo(json("[{\"count\":5},\"right\"]"));
        assertThat(output.get("legacy")).isEqualTo(json("[{\"twice\":2},{\"twice\":4},{\"twice\":6},{\"twice\":8},{\"twice\":10}]"));
        assertThat(engine.getExecutionHistory(done.executionArn())).extracting(HistoryEvent::type)
                .contains("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted", "MapIterationSucceeded",
                        "TaskScheduled", "TaskSucceeded", "ParallelStateEntered", "PassStateExited", "ExecutionSucceeded");
    }

    @Test
    void stopExecutionAbortsPromptlyWithErrorAndCause() {
        String machine = engine.createStateMachine("wait-long", asl("wait-long.asl.json"), Map.of());
        String arn = engine.startExecution(machine, null, "{}");

        engine.stopExecution(arn, "Operator.Stop", "stopped by a test");

        ExecutionDescription stopped = engine.describeExecution(arn);
        assertThat(stopped.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(stopped.error()).isEqualTo("Operator.Stop");
        assertThat(stopped.cause()).isEqualTo("stopped by a test");
        assertThat(stopped.stopDate()).isNotNull();
        List<HistoryEvent> history = engine.getExecutionHistory(arn);
        assertThat(history.getLast().type()).isEqualTo("ExecutionAborted");
        assertThat(history.getLast().details()).isEqualTo((ObjectNode) json("{\"error\":\"Operator.Stop\",\"cause\":\"stopped by a test\"}"));
    }

    @Test
    void theDefinitionTimeoutEndsTheExecutionAsTimedOut() {
        String machine = engine.createStateMachine("short", "{\"TimeoutSeconds\":1,\"StartAt\":\"Sleep\","
                + "\"States\":{\"Sleep\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}", Map.of());

        ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, null, "{}"));

        assertThat(done.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(done.error()).isEqualTo("States.Timeout");
        assertThat(Duration.between(done.startDate(), done.stopDate())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(engine.getExecutionHistory(done.executionArn()).getLast().type()).isEqualTo("ExecutionTimedOut");
    }

    @Test
    void startingTheSameNameTwiceIsIdempotentOnlyWhileRunningWithTheSameInput() {
        String machine = engine.createStateMachine("wait-long", asl("wait-long.asl.json"), Map.of());
        String first = engine.startExecution(machine, "once", "{\"a\":1}");

        assertThat(engine.startExecution(machine, "once", "{\"a\":1}")).isEqualTo(first);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(SfnException.class,
                () -> engine.startExecution(machine, "once", "{\"a\":2}")).errorCode()).isEqualTo("ExecutionAlreadyExists");
        assertThat(engine.listExecutions(machine, ExecutionStatus.RUNNING)).extracting(ExecutionDescription::executionArn).containsExactly(first);
    }
}
