package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.asl;
import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.eventually;
import static com.aitesting.sfnlocal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** .waitForTaskToken: answers, failures, timeouts, heartbeats and a function answering its own token. */
class TaskTokenTest {
    private final List<JsonNode> parked = new CopyOnWriteArrayList<>();
    private final AtomicReference<LocalStepFunctions> self = new AtomicReference<>();
    private final LocalStepFunctions engine = LocalStepFunctions.builder()
            .function("park", payload -> {
                parked.add(payload);
                if (payload.path("id").asText().equals("answer-myself")) {
                    self.get().sendTaskSuccess(payload.get("token").asText(), "{\"by\":\"the function\"}");
                }
                return null;
            })
            .build();

    TaskTokenTest() {
        self.set(engine);
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String start(String fixture, String input) {
        String machine = engine.createStateMachine(fixture.replace(".asl.json", ""), asl(fixture), Map.of());
        return engine.startExecution(machine, null, input);
    }

    private String awaitToken() {
        eventually(Duration.ofSeconds(5), "the park function to run", () -> !parked.isEmpty());
        return parked.getLast().get("token").asText();
    }

    @Test
    void sendTaskSuccessResumesWithTheOutputAtResultPath() {
        String arn = start("token.asl.json", "{\"id\": \"a\"}");
        String token = awaitToken();
        eventually(Duration.ofSeconds(5), "TaskSubmitted", () -> engine.getExecutionHistory(arn).stream()
                .anyMatch(e -> e.type().equals("TaskSubmitted")));

        engine.sendTaskSuccess(token, "{\"resumed\": true}");

        ExecutionDescription done = awaitEnd(engine, arn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output())).isEqualTo(json("{\"id\":\"a\",\"answer\":{\"resumed\":true}}"));
        assertThat(catchThrowableOfType(SfnException.class, () -> engine.sendTaskSuccess(token, "{}")).errorCode())
                .isEqualTo("TaskDoesNotExist");
    }

    @Test
    void sendTaskFailureFailsTheTaskWithTheGivenErrorAndCause() {
        String arn = start("token.asl.json", "{\"id\": \"b\"}");

        engine.sendTaskFailure(awaitToken(), "Run.Aborted", "aborted by an operator");

        ExecutionDescription done = awaitEnd(engine, arn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("Run.Aborted");
        assertThat(done.cause()).isEqualTo("aborted by an operator");
    }

    @Test
    void aFunctionMayAnswerItsOwnTokenBeforeReturning() {
        String arn = start("token.asl.json", "{\"id\": \"answer-myself\"}");

        ExecutionDescription done = awaitEnd(engine, arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(done.output()).get("answer")).isEqualTo(json("{\"by\":\"the function\"}"));
        assertThat(parked).hasSize(1);
    }

    @Test
    void anUnansweredTokenTimesOutWithStatesTimeoutAndThenAnswersTaskTimedOut() {
        Instant started = Instant.now();
        String arn = start("token-timeout.asl.json", "{}");
        String token = awaitToken();

        ExecutionDescription done = awaitEnd(engine, arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.Timeout");
        assertThat(Duration.between(started, done.stopDate())).isBetween(Duration.ofMillis(950), Duration.ofMillis(4000));
        assertThat(catchThrowableOfType(SfnException.class, () -> engine.sendTaskSuccess(token, "{}")).errorCode())
                .isEqualTo("TaskTimedOut");
        assertThat(engine.getExecutionHistory(arn)).extracting(HistoryEvent::type).contains("TaskTimedOut");
    }

    @Test
    void heartbeatsExtendTheHeartbeatDeadlineUntilTheyStop() throws InterruptedException {
        Instant started = Instant.now();
        String arn = start("token-heartbeat.asl.json", "{}");
        String token = awaitToken();
        for (int i = 0; i < 3; i++) {
            Thread.sleep(500);
            engine.sendTaskHeartbeat(token);
        }

        ExecutionDescription done = awaitEnd(engine, arn);

        assertThat(done.error()).isEqualTo("States.HeartbeatTimeout");
        assertThat(Duration.between(started, done.stopDate())).isGreaterThan(Duration.ofMillis(2400));
    }

    @Test
    void malformedAndUnknownTokensGetTheirAwsErrors() {
        assertThat(catchThrowableOfType(SfnException.class, () -> engine.sendTaskSuccess("nope", "{}")).errorCode())
                .isEqualTo("InvalidToken");
        String unknown = "A".repeat(64);
        assertThat(catchThrowableOfType(SfnException.class, () -> engine.sendTaskHeartbeat(unknown)).errorCode())
                .isEqualTo("TaskDoesNotExist");
    }

    @Test
    void stoppingAParkedExecutionClosesItsToken() {
        String arn = start("token.asl.json", "{\"id\": \"c\"}");
        String token = awaitToken();

        engine.stopExecution(arn, null, null);

        assertThat(engine.describeExecution(arn).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(catchThrowableOfType(SfnException.class, () -> engine.sendTaskSuccess(token, "{}")).errorCode())
                .isEqualTo("TaskDoesNotExist");
    }
}
