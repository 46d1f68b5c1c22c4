package com.aitesting.workflow;

import com.aitesting.core.run.RunId;
import com.aitesting.sfnlocal.LocalStepFunctions;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@link WorkflowEngineContract} against the embedded engine (in memory), over its HTTP endpoint. */
class EmbeddedEngineContractIT extends WorkflowEngineContract {
    private static final String PARK_FUNCTION = "contract-park";
    private static final Map<String, BlockingQueue<String>> TOKENS = new ConcurrentHashMap<>();
    private static LocalStepFunctions local;
    private static String arn;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        local = LocalStepFunctions.builder()
                .function(PARK_FUNCTION, payload -> {
                    tokens(payload.path("run_id").asText()).add(payload.path("task_token").asText());
                    return JsonNodeFactory.instance.objectNode();
                })
                .build();
        arn = local.createStateMachine("contract-parking", """
                {"StartAt":"Park","States":{"Park":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"${ParkFunction}",
                    "Payload":{"run_id.$":"$.run_id","tenant_id.$":"$.tenant_id","task_token.$":"$$.Task.Token"}},
                  "End":true}}}""", Map.of("ParkFunction", PARK_FUNCTION));
        local.start();
        sfn = SfnWorkflowEngine.client(arn, Optional.of(local.endpoint()));
    }

    @AfterAll
    static void stop() {
        sfn.close();
        local.close();
    }

    @Override
    protected String parkingStateMachineArn() {
        return arn;
    }

    @Override
    protected SfnClient client() {
        return sfn;
    }

    @Override
    protected String awaitToken(RunId run) throws InterruptedException {
        String token = tokens(run.toString()).poll(30, TimeUnit.SECONDS);
        if (token == null) {
            throw new AssertionError("the parked execution of run " + run + " issued no task token");
        }
        return token;
    }

    private static BlockingQueue<String> tokens(String run) {
        return TOKENS.computeIfAbsent(run, k -> new LinkedBlockingQueue<>());
    }
}
