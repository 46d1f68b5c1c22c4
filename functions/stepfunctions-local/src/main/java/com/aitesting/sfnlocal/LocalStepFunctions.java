package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * An in-process Step Functions: runs ASL definitions (JSONPath) with task functions registered by name,
 * persists every execution at every transition (PostgreSQL, schema {@code sfn_local}) and answers the
 * Step Functions API on {@link #endpoint()} for the AWS SDK.
 *
 * <pre>{@code
 * LocalStepFunctions engine = LocalStepFunctions.builder().dataSource(ds).function("ait-begin-run", fn).build();
 * String arn = engine.createStateMachine("ai-testing-run", definitionJson, substitutions);
 * engine.start();   // continues executions left RUNNING by a previous process, opens the endpoint
 * ...
 * engine.close();   // stops promptly; running executions resume on the next start
 * }</pre>
 */
public final class LocalStepFunctions implements AutoCloseable {

    private final Engine engine;
    private final int port;
    /**
     * Every request to the endpoint must carry {@code Authorization: Bearer <token>}: the endpoint answers
     * ListExecutions and DescribeExecution for every tenant's runs, and loopback is reachable by every local
     * user and process. The token is random per start and known only to this process (the in-process
     * SfnWorkflowEngine client sends it).
     */
    private final String token = newToken();
    private HttpServer server;
    private ExecutorService serverThreads;

    private LocalStepFunctions(Engine engine, int port) {
        this.engine = engine;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers (or, with the same name, updates) a state machine and returns its ARN. The definition is
     * validated here: anything the engine cannot run faithfully throws {@link com.aitesting.sfnlocal.asl.DefinitionException}.
     */
    public String createStateMachine(String name, String definitionJson, Map<String, String> substitutions) {
        return engine.createStateMachine(name, definitionJson, substitutions);
    }

    /** Continues the executions a previous process left RUNNING, then serves the API on 127.0.0.1. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        engine.start();
        try {
            serverThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sfn-local-http-", 0).factory());
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/", new SfnHttpApi(engine, token));
            server.setExecutor(serverThreads);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** The base URI to give the AWS SDK as endpointOverride. */
    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The bearer token the endpoint requires (give it only to this process's own client). */
    public String endpointToken() {
        return token;
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stops promptly without touching running executions' status: they continue on the next start. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
        engine.close();
    }

    public String startExecution(String stateMachineArn, String name, String input) {
        return engine.startExecution(stateMachineArn, name, input).executionArn();
    }

    public ExecutionDescription describeExecution(String executionArn) {
        return engine.describeExecution(executionArn);
    }

    public void stopExecution(String executionArn, String error, String cause) {
        engine.stopExecution(executionArn, error, cause);
    }

    public void sendTaskSuccess(String taskToken, String outputJson) {
        engine.sendTaskSuccess(taskToken, outputJson);
    }

    public void sendTaskFailure(String taskToken, String error, String cause) {
        engine.sendTaskFailure(taskToken, error, cause);
    }

    public void sendTaskHeartbeat(String taskToken) {
        engine.sendTaskHeartbeat(taskToken);
    }

    /** Newest first; {@code statusFilter} null means any status. */
    public List<ExecutionDescription> listExecutions(String stateMachineArn, ExecutionStatus statusFilter) {
        return engine.listExecutions(stateMachineArn, statusFilter);
    }

    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return engine.history(executionArn);
    }

    public StateMachineDescription describeStateMachine(String stateMachineArn) {
        return engine.describeStateMachine(stateMachineArn);
    }

    public List<StateMachineDescription> listStateMachines() {
        return engine.listStateMachines();
    }

    public static final class Builder {
        private DataSource dataSource;
        private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
        private final List<Consumer<ObjectNode>> listeners = new ArrayList<>();
        private int port;
        private String region = "us-east-1";
        private String account = "000000000000";

        private Builder() {
        }

        /** Where executions are persisted; without one they live in memory and die with the process. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        public Builder function(String name, LambdaFunction function) {
            functions.put(Objects.requireNonNull(name), Objects.requireNonNull(function));
            return this;
        }

        /** Receives "Step Functions Execution Status Change" EventBridge envelopes, asynchronously. */
        public Builder eventListener(Consumer<ObjectNode> listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder account(String account) {
            this.account = Objects.requireNonNull(account);
            return this;
        }

        /** Creates the {@code sfn_local} schema when a DataSource is given. */
        public LocalStepFunctions build() {
            ExecutionStore store = dataSource == null ? new InMemoryExecutionStore() : new PostgresExecutionStore(dataSource);
            return new LocalStepFunctions(new Engine(region, account, store, functions, listeners), port);
        }
    }
}
