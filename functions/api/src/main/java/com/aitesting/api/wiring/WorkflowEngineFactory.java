package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiProperties;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.workflow.SfnWorkflowEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Binds the one {@link WorkflowEngine} adapter when a run state machine is configured
 * ({@code ait.workflow.state-machine-arn}, from STATE_MACHINE_ARN on AWS; set by the local runtime to its
 * embedded engine together with {@code ait.workflow.endpoint}). Without it no engine bean exists and runs
 * stay queued (CoreFactory). Built eagerly, so a malformed ARN or endpoint stops the start.
 */
@Factory
@Requires(property = WorkflowEngineFactory.STATE_MACHINE_ARN, pattern = ".+")
public class WorkflowEngineFactory {
    static final String STATE_MACHINE_ARN = "ait.workflow.state-machine-arn";

    /** On AWS no endpoint: the SDK resolves the regional Step Functions endpoint and signs with the role. */
    @Context
    @Bean(preDestroy = "close")
    public SfnClient sfnClient(ApiProperties settings) {
        ApiProperties.Workflow workflow = settings.getWorkflow();
        String endpoint = workflow.getEndpoint();
        if (endpoint == null || endpoint.isBlank()) {
            return SfnWorkflowEngine.client(workflow.getStateMachineArn(), Optional.empty());
        }
        return SfnWorkflowEngine.client(workflow.getStateMachineArn(),
                Optional.of(new SfnWorkflowEngine.LocalEndpoint(URI.create(endpoint.trim()), workflow.getEndpointToken())));
    }

    @Context
    public WorkflowEngine workflowEngine(SfnClient sfn, ApiProperties settings) {
        return new SfnWorkflowEngine(sfn, settings.getWorkflow().getStateMachineArn());
    }
}
