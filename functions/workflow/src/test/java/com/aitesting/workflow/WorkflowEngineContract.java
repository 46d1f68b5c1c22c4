package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * What {@link SfnWorkflowEngine} relies on from a Step Functions service, run against each engine it
 * talks to: the embedded one ({@code EmbeddedEngineContractIT}, part of `./dev test`) and LocalStack's
 * ({@code LocalStackEngineContractIT}, `./dev test --localstack`, needs Docker).
 *
 * <p>The state machine under test has one task that parks on a task token, like the run state machine's
 * ParkRun; a subclass deploys it with a task resource its engine supports and hands out the tokens.
 */
abstract class WorkflowEngineContract {
    private static final TenantId TENANT = new TenantId("t_contract");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private SfnWorkflowEngine engine;

    /** Deploys (or returns, once deployed) the parking state machine; returns its ARN. */
    protected abstract String parkingStateMachineArn() throws Exception;

    /** The SDK client for the engine under test. */
    protected abstract SfnClient client();

    /** The token the parked execution of {@code run} issued; waits for it. */
    protected abstract String awaitToken(RunId run) throws Exception;

    @BeforeEach
    void engine() throws Exception {
        engine = new SfnWorkflowEngine(client(), parkingStateMachineArn());
    }

    @Test
    void startRunStartsAnExecutionNamedAfterTheRunWithTheTenantAndRunAsInput() throws Exception {
        RunId run = newRun();
        String execution = engine.startRun(TENANT, run);

        assertThat(execution).isEqualTo(engine.executionArn(run));
        DescribeExecutionResponse described = describe(execution);
        assertThat(described.name()).isEqualTo(run.toString());
        assertThat(described.input()).contains("\"tenant_id\":\"t_contract\"").contains("\"run_id\":\"" + run + "\"");
        awaitToken(run);
        assertThat(describe(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
    }

    @Test
    void startingTheSameRunTwiceReturnsTheOneExecution() throws Exception {
        RunId run = newRun();
        String first = engine.startRun(TENANT, run);
        String second = engine.startRun(TENANT, run);

        assertThat(second).isEqualTo(first);
        assertThat(client().listExecutions(b -> b.stateMachineArn(parkingStateMachineArnUnchecked())).executions())
                .filteredOn(e -> e.name().equals(run.toString())).hasSize(1);
    }

    @Test
    void resumeAnswersTheParkedTaskAndTheExecutionSucceeds() throws Exception {
        RunId run = newRun();
        String execution = engine.startRun(TENANT, run);
        engine.resume(awaitToken(run));

        assertThat(awaitEnd(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void failTokenEndsTheExecutionFailedWithTheErrorAndCause() throws Exception {
        RunId run = newRun();
        String execution = engine.startRun(TENANT, run);
        engine.failToken(awaitToken(run), "RunAborted", "aborted by yered");

        DescribeExecutionResponse ended = awaitEnd(execution);
        assertThat(ended.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ended.error()).isEqualTo("RunAborted");
        assertThat(ended.cause()).isEqualTo("aborted by yered");
    }

    @Test
    void answeringATokenThatIsNoLongerAwaitedIsANoOp() throws Exception {
        RunId run = newRun();
        String execution = engine.startRun(TENANT, run);
        String token = awaitToken(run);
        engine.resume(token);
        awaitEnd(execution);

        assertThatCode(() -> engine.resume(token)).doesNotThrowAnyException();
        assertThatCode(() -> engine.failToken(token, "RunAborted", "late")).doesNotThrowAnyException();
        assertThat(describe(execution).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void stopEndsARunningExecutionAndStoppingAnUnknownOneIsANoOp() throws Exception {
        RunId run = newRun();
        String execution = engine.startRun(TENANT, run);
        awaitToken(run);
        engine.stop(execution, "aborted by yered");

        assertThat(awaitEnd(execution).status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThatCode(() -> engine.stop(engine.executionArn(newRun()), "never started")).doesNotThrowAnyException();
    }

    private static RunId newRun() {
        return new RunId(UUID.randomUUID());
    }

    private String parkingStateMachineArnUnchecked() {
        try {
            return parkingStateMachineArn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DescribeExecutionResponse describe(String execution) {
        return client().describeExecution(b -> b.executionArn(execution));
    }

    private DescribeExecutionResponse awaitEnd(String execution) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        DescribeExecutionResponse described;
        while ((described = describe(execution)).status() == ExecutionStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return described;
    }
}
