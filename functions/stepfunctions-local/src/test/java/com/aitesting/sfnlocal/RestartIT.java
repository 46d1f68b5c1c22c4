package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.asl;
import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.eventually;
import static com.aitesting.sfnlocal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * close() is what a kill looks like to the engine: executions stay RUNNING in PostgreSQL, and a new engine on
 * the same database continues them from their last persisted transition.
 */
class RestartIT {
    private final DataSource database = TestDatabase.fresh();

    private static boolean parked(LocalStepFunctions engine, String arn) {
        return engine.getExecutionHistory(arn).stream().anyMatch(e -> e.type().equals("TaskSubmitted"));
    }

    @Test
    void theRealRunDefinitionParkedOnATokenResumesWithTheSameTokenAfterRestart() {
        Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>(List.of("continue", "pause"));
        String definition = Fixtures.read(Fixtures.RUN_DEFINITION);
        String arn;
        String token;
        try (LocalStepFunctions first = RunStateMachineTest.fakeFunctions(LocalStepFunctions.builder(), calls, answers, () -> null)
                .dataSource(database).build()) {
            String machine = first.createStateMachine("ai-testing-run", definition, RunStateMachineTest.SUBSTITUTIONS);
            first.start();
            arn = first.startExecution(machine, "run-restart", RunStateMachineTest.INPUT);
            eventually(Duration.ofSeconds(10), "the run to park", () -> parked(first, arn));
            token = calls.get("ait-park-run").getFirst().get("task_token").asText();
        }
        Map<String, List<JsonNode>> callsAfter = new ConcurrentHashMap<>();
        try (LocalStepFunctions second = RunStateMachineTest.fakeFunctions(LocalStepFunctions.builder(), callsAfter,
                new ConcurrentLinkedQueue<>(), () -> null).dataSource(database).build()) {
            second.createStateMachine("ai-testing-run", definition, RunStateMachineTest.SUBSTITUTIONS);
            second.start();
            assertThat(second.describeExecution(arn).status()).isEqualTo(ExecutionStatus.RUNNING);

            second.sendTaskSuccess(token, "{}");

            ExecutionDescription done = awaitEnd(second, arn);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(calls.get("ait-begin-run")).hasSize(1);
            assertThat(calls.get("ait-park-run")).hasSize(1);
            assertThat(callsAfter.get("ait-park-run")).isEmpty();
            assertThat(calls.get("ait-execute-step")).extracting(p -> p.get("step_index").asInt()).containsExactly(0);
            assertThat(callsAfter.get("ait-execute-step")).extracting(p -> p.get("step_index").asInt()).containsExactly(1);
            assertThat(callsAfter.get("ait-checkpoint")).extracting(p -> p.get("step_index").asInt()).containsExactly(1);
            assertThat(callsAfter.get("ait-complete-run")).hasSize(1);
            List<HistoryEvent> history = second.getExecutionHistory(arn);
            assertThat(history).extracting(HistoryEvent::id).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, history.size()).boxed().toList());
        }
    }

    @Test
    void aMapIterationInFlightAtTheKillIsInvokedAgainAndFinishedOnesAreNot() throws InterruptedException {
        Map<Integer, Integer> invocations = new ConcurrentHashMap<>();
        CountDownLatch inFlight = new CountDownLatch(1);
        String arn;
        try (LocalStepFunctions first = LocalStepFunctions.builder().dataSource(database)
                .function("work", item -> {
                    invocations.merge(item.asInt(), 1, Integer::sum);
                    if (item.asInt() == 1) {
                        inFlight.countDown();
                        new CountDownLatch(1).await(); // never returns: the engine is killed during this call
                    }
                    return item;
                })
                .build()) {
            String machine = first.createStateMachine("restart-map", asl("restart-map.asl.json"), Map.of());
            first.start();
            arn = first.startExecution(machine, null, "{\"items\":[0,1,2]}");
            inFlight.await();
        }
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (LocalStepFunctions second = LocalStepFunctions.builder().dataSource(database)
                .function("work", item -> {
                    invocations.merge(item.asInt(), 1, Integer::sum);
                    return item;
                })
                .function("park", payload -> {
                    tokens.add(payload.get("token").asText());
                    return null;
                })
                .build()) {
            second.createStateMachine("restart-map", asl("restart-map.asl.json"), Map.of());
            second.start();
            eventually(Duration.ofSeconds(10), "the park task", () -> !tokens.isEmpty());

            second.sendTaskSuccess(tokens.getFirst(), "\"answered\"");

            ExecutionDescription done = awaitEnd(second, arn);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(invocations).containsExactlyInAnyOrderEntriesOf(Map.of(0, 1, 1, 2, 2, 1));
            assertThat(json(done.output())).isEqualTo(json(
                    "{\"items\":[0,1,2],\"mapped\":[{\"done\":0},{\"done\":1},{\"done\":2}],\"answer\":\"answered\"}"));
        }
    }

    @Test
    void aParkedTokenKeepsItsOriginalTimeoutClockAcrossRestart() throws InterruptedException {
        List<String> tokens = new CopyOnWriteArrayList<>();
        String arn;
        try (LocalStepFunctions first = LocalStepFunctions.builder().dataSource(database)
                .function("park", p -> {
                    tokens.add(p.get("token").asText());
                    return null;
                }).build()) {
            String machine = first.createStateMachine("token-timeout", asl("token-timeout.asl.json"), Map.of());
            first.start();
            arn = first.startExecution(machine, null, "{}");
            eventually(Duration.ofSeconds(10), "parked", () -> parked(first, arn));
        }
        Thread.sleep(1200); // the 1 s task timeout passes while no engine runs

        try (LocalStepFunctions second = LocalStepFunctions.builder().dataSource(database).build()) {
            second.createStateMachine("token-timeout", asl("token-timeout.asl.json"), Map.of());
            second.start();

            ExecutionDescription done = awaitEnd(second, arn);
            assertThat(done.error()).isEqualTo("States.Timeout");
            assertThat(Duration.between(done.startDate(), done.stopDate())).isGreaterThan(Duration.ofMillis(1000));
            assertThat(catchThrowableOfType(SfnException.class, () -> second.sendTaskSuccess(tokens.getFirst(), "{}")).errorCode())
                    .isEqualTo("TaskTimedOut");
            assertThat(tokens).hasSize(1);
        }
    }

    @Test
    void anExecutionThatNoLongerFitsItsDefinitionFailsWithStatesRuntime() {
        List<String> tokens = new CopyOnWriteArrayList<>();
        String arn;
        try (LocalStepFunctions first = LocalStepFunctions.builder().dataSource(database)
                .function("park", p -> {
                    tokens.add(p.get("token").asText());
                    return null;
                }).build()) {
            String machine = first.createStateMachine("evolving", asl("token.asl.json"), Map.of());
            first.start();
            arn = first.startExecution(machine, null, "{\"id\":\"x\"}");
            eventually(Duration.ofSeconds(10), "parked", () -> parked(first, arn));
        }
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (LocalStepFunctions second = LocalStepFunctions.builder().dataSource(database).eventListener(events::add).build()) {
            second.createStateMachine("evolving", asl("wait-long.asl.json"), Map.of());
            second.start();

            ExecutionDescription failed = second.describeExecution(arn);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.error()).isEqualTo("States.Runtime");
            assertThat(failed.cause()).contains("could not be continued").contains("'Park'");
            assertThat(catchThrowableOfType(SfnException.class, () -> second.sendTaskSuccess(tokens.getFirst(), "{}")).errorCode())
                    .isEqualTo("TaskDoesNotExist");
            eventually(Duration.ofSeconds(5), "the FAILED event", () -> events.stream()
                    .anyMatch(e -> e.at("/detail/status").asText().equals("FAILED")));
        }
    }
}
