package com.aitesting.workflow;

import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The one {@link WorkflowEngine} adapter: AWS Step Functions through the SDK v2 {@link SfnClient}. Locally
 * the same class talks to the embedded engine, which answers the same API on its endpoint.
 *
 * <p>The execution is named after the run, so starting a run twice cannot start two executions. Answering
 * or stopping something that has already moved on (a token answered by the other party, an execution that
 * ended) is a no-op: the engine is already where the caller wanted it.
 */
public final class SfnWorkflowEngine implements WorkflowEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SfnWorkflowEngine.class);
    private static final ObjectMapper JSON = JsonMappers.shared();

    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnWorkflowEngine(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = requireStateMachineArn(stateMachineArn);
    }

    /**
     * A client for the state machine's region. With an endpoint (the embedded engine) requests go unsigned:
     * there are no AWS credentials on a laptop and the local engine checks none.
     */
    public static SfnClient client(String stateMachineArn, Optional<URI> endpoint) {
        SfnClientBuilder builder = SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(requireStateMachineArn(stateMachineArn).split(":")[3]));
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).credentialsProvider(AnonymousCredentialsProvider.create()));
        return builder.build();
    }

    @Override
    public String startRun(TenantId tenant, RunId run) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("tenant_id", tenant.value());
        input.put("run_id", run.toString());
        try {
            return sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(run.toString()).input(json(input)))
                    .executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            return executionArn(run);
        }
    }

    @Override
    public void resume(String taskToken) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output("{}"));
        } catch (TaskDoesNotExistException | TaskTimedOutException e) {
            LOG.info("task token no longer awaited ({}); nothing to resume", e.awsErrorDetails().errorCode());
        }
    }

    @Override
    public void failToken(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(error).cause(cause));
        } catch (TaskDoesNotExistException | TaskTimedOutException e) {
            LOG.info("task token no longer awaited ({}); nothing to fail", e.awsErrorDetails().errorCode());
        }
    }

    @Override
    public void stop(String executionId, String cause) {
        try {
            sfn.stopExecution(b -> b.executionArn(executionId).cause(cause));
        } catch (ExecutionDoesNotExistException e) {
            LOG.info("execution {} does not exist; nothing to stop", executionId);
        }
    }

    /** arn:aws:states:REGION:ACCOUNT:stateMachine:NAME -> arn:aws:states:REGION:ACCOUNT:execution:NAME:RUN. */
    String executionArn(RunId run) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + run;
    }

    private static String requireStateMachineArn(String arn) {
        if (arn == null || !arn.matches("arn:[^:]+:states:[^:]+:[^:]*:stateMachine:[^:]+")) {
            throw new IllegalArgumentException("not a state machine ARN: " + arn);
        }
        return arn;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
