package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.asl;
import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The EventBridge "Step Functions Execution Status Change" envelope and how listeners are called. */
class StatusChangeEventsTest {

    @Test
    void emitsRunningThenSucceededInTheAwsEnvelope() {
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (LocalStepFunctions engine = LocalStepFunctions.builder().eventListener(events::add).build()) {
            engine.start();
            String machine = engine.createStateMachine("states", asl("states.asl.json"), Map.of());
            String arn = engine.startExecution(machine, "evented", "{\"n\":3,\"limit\":5}");
            ExecutionDescription done = awaitEnd(engine, arn);
            eventually(Duration.ofSeconds(5), "two events", () -> events.size() == 2);

            ObjectNode running = events.get(0);
            assertThat(fieldNames(running)).containsExactly("version", "id", "detail-type", "source", "account", "time",
                    "region", "resources", "detail");
            assertThat(running.get("version").asText()).isEqualTo("0");
            assertThat(running.get("detail-type").asText()).isEqualTo("Step Functions Execution Status Change");
            assertThat(running.get("source").asText()).isEqualTo("aws.states");
            assertThat(running.get("account").asText()).isEqualTo("000000000000");
            assertThat(running.get("region").asText()).isEqualTo("us-east-1");
            assertThat(running.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(running.get("resources")).containsExactly(Fixtures.JSON.getNodeFactory().textNode(arn));
            JsonNode detail = running.get("detail");
            assertThat(fieldNames(detail)).containsExactlyInAnyOrder("executionArn", "stateMachineArn", "name", "status",
                    "startDate", "stopDate", "input", "output", "error", "cause", "inputDetails", "outputDetails");
            assertThat(detail.get("status").asText()).isEqualTo("RUNNING");
            assertThat(detail.get("name").asText()).isEqualTo("evented");
            assertThat(detail.get("stateMachineArn").asText()).isEqualTo(machine);
            assertThat(detail.get("startDate").asLong()).isEqualTo(done.startDate().toEpochMilli());
            assertThat(detail.get("stopDate").isNull()).isTrue();
            assertThat(detail.get("input").asText()).isEqualTo("{\"n\":3,\"limit\":5}");
            assertThat(detail.get("output").isNull()).isTrue();
            assertThat(detail.get("inputDetails").get("included").asBoolean()).isTrue();

            JsonNode succeeded = events.get(1).get("detail");
            assertThat(succeeded.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(succeeded.get("stopDate").asLong()).isEqualTo(done.stopDate().toEpochMilli());
            assertThat(succeeded.get("output").asText()).isEqualTo(done.output());
            assertThat(succeeded.get("outputDetails").get("included").asBoolean()).isTrue();
            assertThat(events.get(0).get("id").asText()).isNotEqualTo(events.get(1).get("id").asText());
        }
    }

    @Test
    void aSlowOrThrowingListenerNeitherStallsExecutionsNorLosesLaterEvents() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> statuses = new CopyOnWriteArrayList<>();
        try (LocalStepFunctions engine = LocalStepFunctions.builder()
                .eventListener(e -> {
                    throw new IllegalStateException("listener bug");
                })
                .eventListener(e -> {
                    try {
                        release.await();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    statuses.add(e.get("detail").get("status").asText());
                })
                .build()) {
            engine.start();
            String machine = engine.createStateMachine("states", asl("states.asl.json"), Map.of());

            ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, null, "{\"n\":3,\"limit\":5}"));

            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            release.countDown();
            eventually(Duration.ofSeconds(5), "both events", () -> statuses.size() == 2);
            assertThat(statuses).containsExactly("RUNNING", "SUCCEEDED");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
