package com.aitesting.api.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.workflow.SfnWorkflowEngine;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which WorkflowEngine the app binds, from its settings alone (nothing is called, no database is opened). */
class WorkflowEngineFactoryTest {
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:ai-testing-run";

    @Test
    void withoutAStateMachineArnNoEngineIsBoundAndRunsStayQueued() {
        try (ApplicationContext context = start(Map.of("ait.workflow.state-machine-arn", ""))) {
            assertThat(context.findBean(WorkflowEngine.class)).isEmpty();
        }
    }

    @Test
    void aStateMachineArnBindsTheStepFunctionsAdapterWithOrWithoutAnEndpoint() {
        try (ApplicationContext aws = start(Map.of("ait.workflow.state-machine-arn", ARN))) {
            assertThat(aws.getBean(WorkflowEngine.class)).isInstanceOf(SfnWorkflowEngine.class);
        }
        try (ApplicationContext local = start(Map.of("ait.workflow.state-machine-arn", ARN,
                "ait.workflow.endpoint", "http://127.0.0.1:4999", "ait.workflow.endpoint-token", "t0ken"))) {
            assertThat(local.getBean(WorkflowEngine.class)).isInstanceOf(SfnWorkflowEngine.class);
        }
    }

    @Test
    void aLocalEndpointWithoutItsTokenStopsTheStart() {
        assertThatThrownBy(() -> start(Map.of("ait.workflow.state-machine-arn", ARN, "ait.workflow.endpoint", "http://127.0.0.1:4999")).close())
                .hasStackTraceContaining("token");
    }

    @Test
    void aMalformedStateMachineArnStopsTheStart() {
        assertThatThrownBy(() -> start(Map.of("ait.workflow.state-machine-arn", "ai-testing-run")).close())
                .hasStackTraceContaining("not a state machine ARN");
    }

    private static ApplicationContext start(Map<String, Object> workflow) {
        Map<String, Object> properties = new HashMap<>(workflow);
        properties.put("ait.database.url", "jdbc:postgresql://127.0.0.1:1/unused");
        // the webhook key the local runtime registers (on AWS: WEBHOOK_KMS_KEY_ARN), without which the app does not start
        return ApplicationContext.builder().properties(properties).singletons(AesMasterKey.random()).start();
    }
}
