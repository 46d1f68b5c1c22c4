package com.aitesting.local;

import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.executors.ExecutorSettings;
import com.aitesting.notifier.NotifierConfig;
import com.aitesting.notifier.SlackNotifierHandler;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.DataSources;
import com.aitesting.postgres.PostgresTransactions;
import com.aitesting.sfnlocal.LambdaFunction;
import com.aitesting.sfnlocal.LocalStepFunctions;
import com.aitesting.workflow.SfnWorkflowEngine;
import com.aitesting.workflow.WorkflowTask;
import com.aitesting.workflow.WorkflowWiring;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The embedded Step Functions engine running statemachines/run.asl.json (from the classpath) with the six
 * real task handlers in-process, its executions persisted in the same PostgreSQL (schema sfn_local), so a
 * restarted process continues the runs a stopped one left. Status changes go to the Slack notifier, as
 * EventBridge does on AWS. The API reaches the engine only through its HTTP endpoint and the ordinary
 * SfnWorkflowEngine adapter ({@link #apiProperties()}).
 *
 * <p>Two pools: the engine's own tables are created and written as the database owner (the app role may
 * not create schemas); the handlers and the notifier work on tenant data as the app role, under RLS.
 */
final class WorkflowEnginePart implements AutoCloseable {
    static final String STATE_MACHINE = "ai-testing-run";
    private static final String DEFINITION = "statemachines/run.asl.json";
    /** docs/architecture.md: the substitution keys CDK fills with function ARNs, here with local names. */
    private static final Map<String, String> SUBSTITUTIONS = WorkflowTask.localSubstitutions();
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    // The engine takes a connection per transition and the handlers one per event: short transactions,
    // a few concurrent runs; PostgreSQL's default 100 connections leave room for the API's pool.
    private static final int POOL_SIZE = 8;

    private final Deque<AutoCloseable> owned;
    private final SfnWorkflowEngine.LocalEndpoint endpoint;
    private final String stateMachineArn;

    private WorkflowEnginePart(Deque<AutoCloseable> owned, SfnWorkflowEngine.LocalEndpoint endpoint, String stateMachineArn) {
        this.owned = owned;
        this.endpoint = endpoint;
        this.stateMachineArn = stateMachineArn;
    }

    static WorkflowEnginePart start(Database database, Duration stepDuration, Optional<ExecutorSettings> realSteps,
                                    NotifierConfig notifierConfig, MasterKey webhookKey) {
        Credentials owner = database.owner().orElseThrow(() -> new IllegalArgumentException(
                "DATABASE_OWNER_USER (and DATABASE_OWNER_PASSWORD) are required with DATABASE_URL: the embedded "
                        + "workflow engine keeps its executions in schema sfn_local, which only the owner may create"));
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            HikariDataSource enginePool = push(owned, DataSources.pooled(database.jdbcUrl(), owner, POOL_SIZE, "ait-sfn-local"));
            HikariDataSource appPool = push(owned, DataSources.pooled(database.jdbcUrl(), database.app(), POOL_SIZE, "ait-workflow"));
            NotifierPart notifier = push(owned, new NotifierPart(
                    new SlackNotifierHandler(notifierConfig, new PostgresTransactions(appPool), webhookKey)));

            // The park task answers its own token when a resume beat it, through the adapter; the adapter needs
            // the endpoint, which exists only once start() returns - while start() already continues executions.
            CompletableFuture<WorkflowEngine> adapter = new CompletableFuture<>();
            WorkflowWiring wiring = new WorkflowWiring(appPool, () -> await(adapter), stepDuration, realSteps, Clock.systemUTC());
            LocalStepFunctions.Builder builder = LocalStepFunctions.builder().dataSource(enginePool).eventListener(notifier);
            wiring.handlersByFunctionName().forEach((name, handler) -> builder.function(name, lambda(handler)));
            LocalStepFunctions engine = builder.build();
            String arn;
            SfnClient sfn;
            try {
                arn = engine.createStateMachine(STATE_MACHINE, definition(), SUBSTITUTIONS);
                engine.start();
                sfn = SfnWorkflowEngine.client(arn, Optional.of(new SfnWorkflowEngine.LocalEndpoint(engine.endpoint(), engine.endpointToken())));
            } catch (RuntimeException | Error e) {
                engine.close();
                throw e;
            }
            push(owned, sfn);
            push(owned, engine); // on top: closed first, see close()
            adapter.complete(new SfnWorkflowEngine(sfn, arn));
            return new WorkflowEnginePart(owned, new SfnWorkflowEngine.LocalEndpoint(engine.endpoint(), engine.endpointToken()), arn);
        } catch (RuntimeException | Error e) {
            closeAll(owned);
            throw e;
        }
    }

    /** A Step Functions client of this engine, as any operator's tool would be (tests stop executions with it). */
    SfnClient client() {
        return SfnWorkflowEngine.client(stateMachineArn, Optional.of(endpoint));
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    /** What the API needs to bind SfnWorkflowEngine to this engine (WorkflowEngineFactory). */
    Map<String, Object> apiProperties() {
        return Map.of("ait.workflow.endpoint", endpoint.uri().toString(), "ait.workflow.endpoint-token", endpoint.token(),
                "ait.workflow.state-machine-arn", stateMachineArn);
    }

    /**
     * Engine first: it stops promptly and writes nothing more, so its running executions continue on the
     * next start exactly as after a kill (and no task in flight can fail a run because the client or a pool
     * closed under it). Then the adapter's client, the notifier, the pools.
     */
    @Override
    public void close() {
        closeAll(owned);
    }

    /** In-process, as the Java Lambda runtime would: JSON in, the handler's Map out, exceptions as task errors. */
    private static LambdaFunction lambda(RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        return payload -> JSON.valueToTree(handler.handleRequest(JSON.convertValue(payload, MAP), null));
    }

    private static String definition() {
        try (InputStream in = WorkflowEnginePart.class.getClassLoader().getResourceAsStream(DEFINITION)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION + " is not on the classpath (functions/local/pom.xml ships it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> owned, T part) {
        owned.push(part);
        return part;
    }

    private static void closeAll(Deque<AutoCloseable> owned) {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                System.err.println("ai-testing: error while stopping the workflow engine: " + e);
            }
        }
    }

    /** The adapter, once the endpoint is known: a task that needs it earlier waits (milliseconds at start). */
    private static WorkflowEngine await(CompletableFuture<WorkflowEngine> adapter) {
        try {
            return adapter.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting for the workflow engine's endpoint", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the workflow engine did not start", e);
        }
    }
}
