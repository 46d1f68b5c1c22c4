package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.asl;
import static com.aitesting.sfnlocal.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The real AWS SDK v2 SfnClient against the engine's HTTP endpoint: results and typed errors. */
class SfnApiIT {
    private static final List<String> TOKENS = new CopyOnWriteArrayList<>();
    private static final LocalStepFunctions ENGINE = LocalStepFunctions.builder()
            .dataSource(TestDatabase.fresh())
            .function("park", payload -> {
                TOKENS.add(payload.get("token").asText());
                return null;
            })
            .build();
    private static final String TOKEN_MACHINE;
    private static final String TIMEOUT_MACHINE;
    private static final SfnClient SFN;

    static {
        TOKEN_MACHINE = ENGINE.createStateMachine("token", asl("token.asl.json"), Map.of());
        TIMEOUT_MACHINE = ENGINE.createStateMachine("token-timeout", asl("token-timeout.asl.json"), Map.of());
        ENGINE.start();
        SFN = SfnClient.builder()
                .endpointOverride(ENGINE.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(o -> o.putHeader("Authorization", "Bearer " + ENGINE.endpointToken()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void close() {
        SFN.close();
        ENGINE.close();
    }

    private static String awaitToken(int count) {
        eventually(Duration.ofSeconds(5), "a parked task", () -> TOKENS.size() >= count);
        return TOKENS.get(count - 1);
    }

    @Test
    void startDescribeAnswerAndReadHistoryThroughTheSdk() {
        StartExecutionResponse started = SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE).name("sdk-run")
                .input("{\"id\":\"sdk\"}"));
        assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:token:sdk-run");
        assertThat(started.startDate()).isNotNull();
        String token = awaitToken(1);

        SFN.sendTaskHeartbeat(b -> b.taskToken(token));
        SFN.sendTaskSuccess(b -> b.taskToken(token).output("{\"ok\":1}"));
        eventually(Duration.ofSeconds(5), "success", () -> SFN.describeExecution(b -> b.executionArn(started.executionArn()))
                .status() == ExecutionStatus.SUCCEEDED);

        DescribeExecutionResponse described = SFN.describeExecution(b -> b.executionArn(started.executionArn()));
        assertThat(described.output()).isEqualTo("{\"id\":\"sdk\",\"answer\":{\"ok\":1}}");
        assertThat(described.stopDate()).isAfterOrEqualTo(described.startDate());
        assertThat(SFN.getExecutionHistory(b -> b.executionArn(started.executionArn())).events())
                .extracting(e -> e.type())
                .startsWith(HistoryEventType.EXECUTION_STARTED, HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED)
                .contains(HistoryEventType.TASK_SUCCEEDED)
                .endsWith(HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(SFN.listExecutions(b -> b.stateMachineArn(TOKEN_MACHINE).statusFilter(ExecutionStatus.SUCCEEDED)).executions())
                .extracting(e -> e.name()).contains("sdk-run");
        assertThat(SFN.describeStateMachine(b -> b.stateMachineArn(TOKEN_MACHINE)).definition()).contains("waitForTaskToken");
        assertThat(SFN.listStateMachines().stateMachines()).extracting(s -> s.name()).contains("token", "token-timeout");
        assertThatThrownBy(() -> SFN.sendTaskSuccess(b -> b.taskToken(token).output("{}"))).isInstanceOf(TaskDoesNotExistException.class);
        assertThatThrownBy(() -> SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE).name("sdk-run").input("{\"id\":\"sdk\"}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void stopExecutionThroughTheSdkAbortsAndAnswersLaterTokensWithTaskDoesNotExist() {
        String arn = SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE).name("sdk-stop").input("{\"id\":\"stop\"}")).executionArn();
        eventually(Duration.ofSeconds(5), "parked", () -> SFN.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
                .anyMatch(e -> e.type() == HistoryEventType.TASK_SUBMITTED));

        SFN.stopExecution(b -> b.executionArn(arn).error("Stop.Test").cause("because"));

        DescribeExecutionResponse described = SFN.describeExecution(b -> b.executionArn(arn));
        assertThat(described.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(described.error()).isEqualTo("Stop.Test");
        assertThat(described.cause()).isEqualTo("because");
    }

    @Test
    void unknownOrInvalidThingsGetTheAwsErrorNames() {
        String missing = "arn:aws:states:us-east-1:000000000000:execution:token:missing";
        assertThatThrownBy(() -> SFN.describeExecution(b -> b.executionArn(missing)))
                .isInstanceOfSatisfying(ExecutionDoesNotExistException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExecutionDoesNotExist"));
        assertThatThrownBy(() -> SFN.stopExecution(b -> b.executionArn(missing))).isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> SFN.getExecutionHistory(b -> b.executionArn(missing))).isInstanceOf(ExecutionDoesNotExistException.class);
        assertThatThrownBy(() -> SFN.describeExecution(b -> b.executionArn("not-an-arn"))).isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE.replace("token", "nope"))))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> SFN.describeStateMachine(b -> b.stateMachineArn(TOKEN_MACHINE.replace("token", "nope"))))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE).name("bad name")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> SFN.startExecution(b -> b.stateMachineArn(TOKEN_MACHINE).input("{not json")))
                .isInstanceOf(InvalidExecutionInputException.class);
        assertThatThrownBy(() -> SFN.sendTaskSuccess(b -> b.taskToken("garbage").output("{}"))).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> SFN.sendTaskFailure(b -> b.taskToken("B".repeat(64)))).isInstanceOf(TaskDoesNotExistException.class);
    }

    @Test
    void aTimedOutTokenAnswersTaskTimedOutAndBadOutputIsInvalidOutput() {
        int before = TOKENS.size();
        String arn = SFN.startExecution(b -> b.stateMachineArn(TIMEOUT_MACHINE).input("{}")).executionArn();
        String token = awaitToken(before + 1);
        assertThatThrownBy(() -> SFN.sendTaskSuccess(b -> b.taskToken(token).output("{not json")))
                .isInstanceOf(InvalidOutputException.class);

        eventually(Duration.ofSeconds(5), "timeout", () -> SFN.describeExecution(b -> b.executionArn(arn)).status() == ExecutionStatus.FAILED);

        assertThat(SFN.describeExecution(b -> b.executionArn(arn)).error()).isEqualTo("States.Timeout");
        assertThatThrownBy(() -> SFN.sendTaskSuccess(b -> b.taskToken(token).output("{}"))).isInstanceOf(TaskTimedOutException.class);
    }

    @Test
    void aRequestWithoutTheEnginesTokenIsRefusedAndRevealsNothing() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String listExecutions = "{\"stateMachineArn\":\"" + TOKEN_MACHINE + "\"}";
        for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + ENGINE.endpointToken() + "x",
                "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/states/aws4_request"}) {
            var request = java.net.http.HttpRequest.newBuilder(ENGINE.endpoint())
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AWSStepFunctions.ListExecutions")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(listExecutions));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            var response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(403);
            assertThat(response.body()).contains("AccessDeniedException").doesNotContain("executionArn");
        }
        // a client signing with AWS credentials instead of the token is refused too
        try (SfnClient signed = SfnClient.builder().endpointOverride(ENGINE.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThatThrownBy(() -> signed.listExecutions(r -> r.stateMachineArn(TOKEN_MACHINE)))
                    .isInstanceOf(software.amazon.awssdk.services.sfn.model.SfnException.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.sfn.model.SfnException) e).statusCode()).isEqualTo(403));
        }
        // and the token opens it
        assertThat(SFN.listExecutions(r -> r.stateMachineArn(TOKEN_MACHINE)).executions()).isNotNull();
    }
}
