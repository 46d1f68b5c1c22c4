package com.aitesting.bench.workflow;

import com.aitesting.core.run.Run;
import com.aitesting.sfnlocal.HistoryEvent;
import com.aitesting.sfnlocal.LambdaFunction;
import com.aitesting.sfnlocal.LocalStepFunctions;
import com.aitesting.workflow.SfnWorkflowEngine;
import com.aitesting.workflow.WorkflowTask;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The REAL statemachines/run.asl.json on the embedded engine ({@link LocalStepFunctions}) with the REAL six
 * handlers (simulation step time 0), driven through the real {@link SfnWorkflowEngine} over the engine's
 * HTTP endpoint, wired as RunStateMachineIT wires it. Completion is observed through the engine's
 * "Execution Status Change" listener, so waiting costs no polling.
 */
public final class EngineUnderTest implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final Map<String, String> SUBSTITUTIONS = WorkflowTask.localSubstitutions();

    private final LocalStepFunctions local;
    private final SfnClient sfn;
    private final SfnWorkflowEngine engine;
    private final Map<String, CompletableFuture<String>> endings = new ConcurrentHashMap<>();
    private final LongAdder handlerNanos = new LongAdder();
    private final LongAdder adapterNanos = new LongAdder();
    private final LongAdder startNanos = new LongAdder();

    /** {@code executionStore} null: executions live in memory; otherwise they are persisted there (schema sfn_local). */
    public EngineUnderTest(DataSource appDataSource, DataSource executionStore, String definitionJson) {
        AtomicReference<SfnWorkflowEngine> late = new AtomicReference<>();
        WorkflowWiring wiring = new WorkflowWiring(appDataSource, late::get, Duration.ZERO, Clock.systemUTC());
        LocalStepFunctions.Builder builder = LocalStepFunctions.builder().eventListener(this::statusChanged);
        if (executionStore != null) {
            builder.dataSource(executionStore);
        }
        wiring.handlersByFunctionName().forEach((name, handler) -> builder.function(name, lambda(handler)));
        local = builder.build();
        String arn = local.createStateMachine("ai-testing-run", definitionJson, SUBSTITUTIONS);
        local.start();
        sfn = SfnWorkflowEngine.client(arn, Optional.of(local.endpoint()));
        engine = new SfnWorkflowEngine(sfn, arn);
        late.set(engine);
    }

    /** statemachines/run.asl.json, looked up from the working directory upwards (./dev runs from the repo root). */
    public static String definition() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("statemachines/run.asl.json");
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("statemachines/run.asl.json not found from " + Path.of("").toAbsolutePath());
    }

    /** In-process, as the Java Lambda runtime would: JSON in, the handler's Map out (as RunStateMachineIT does). */
    private LambdaFunction lambda(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        return payload -> {
            long t0 = System.nanoTime();
            Map<String, Object> input = JSON.convertValue(payload, new TypeReference<>() {});
            long t1 = System.nanoTime();
            Map<String, Object> output = handler.handleRequest(input, null);
            long t2 = System.nanoTime();
            JsonNode result = JSON.valueToTree(output);
            long t3 = System.nanoTime();
            handlerNanos.add(t2 - t1);
            adapterNanos.add((t1 - t0) + (t3 - t2));
            return result;
        };
    }

    /**
     * Wall time spent inside the handlers, in the Map/JsonNode adapter around them, and in StartExecution calls
     * (SDK client, HTTP, the engine's start), since the last call.
     */
    public long[] takeHandlerAndAdapterNanos() {
        return new long[] {handlerNanos.sumThenReset(), adapterNanos.sumThenReset(), startNanos.sumThenReset()};
    }

    private void statusChanged(ObjectNode envelope) {
        String status = envelope.path("detail").path("status").asText();
        if (!status.equals("RUNNING")) {
            ending(envelope.path("detail").path("executionArn").asText()).complete(status);
        }
    }

    private CompletableFuture<String> ending(String executionArn) {
        return endings.computeIfAbsent(executionArn, k -> new CompletableFuture<>());
    }

    /** Starts the run's execution over HTTP (StartExecution) and waits until it has ended; returns its status. */
    public String runToEnd(Run run) throws Exception {
        long t0 = System.nanoTime();
        String arn = engine.startRun(run.tenant(), run.id());
        startNanos.add(System.nanoTime() - t0);
        String status = ending(arn).get(60, TimeUnit.SECONDS);
        endings.remove(arn);
        return status;
    }

    /** The execution's history: read after timing, never inside it. */
    public List<HistoryEvent> history(Run finished) {
        return local.getExecutionHistory(finished.executionId());
    }

    @Override
    public void close() {
        sfn.close();
        local.close();
    }
}
