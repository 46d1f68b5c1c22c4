package com.aitesting.sfnlocal;

import com.aitesting.sfnlocal.asl.DefinitionParser;
import com.aitesting.sfnlocal.asl.StateMachineDefinition;
import com.aitesting.sfnlocal.asl.StatesError;
import com.aitesting.sfnlocal.asl.TaskResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine behind {@link LocalStepFunctions}: state machines, executions and the Step Functions actions. */
final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final String TOKEN_RESOURCE = "invoke.waitForTaskToken";

    private final String region;
    private final String account;
    private final Arns arns;
    private final ExecutionStore store;
    private final Map<String, LambdaFunction> functions;
    private final TaskTokens tokens = new TaskTokens();
    private final Timers timers = new Timers();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sfn-local-", 0).factory());
    private final StatusChangeEvents statusEvents;
    private final Map<String, StateMachine> stateMachines = new ConcurrentHashMap<>();
    private final Map<String, LiveExecution> live = new ConcurrentHashMap<>();
    private final Object startLock = new Object();
    private volatile boolean started;
    private volatile boolean closed;

    Engine(String region, String account, ExecutionStore store, Map<String, LambdaFunction> functions,
           List<Consumer<ObjectNode>> listeners) {
        this.region = region;
        this.account = account;
        this.arns = new Arns(region, account);
        this.store = store;
        this.functions = Map.copyOf(functions);
        this.statusEvents = new StatusChangeEvents(listeners, region, account);
    }

    String region() {
        return region;
    }

    String roleArn() {
        return "arn:aws:iam::" + account + ":role/sfn-local";
    }

    ExecutionStore store() {
        return store;
    }

    TaskTokens tokens() {
        return tokens;
    }

    Timers timers() {
        return timers;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- state machines

    String createStateMachine(String name, String definitionJson, Map<String, String> substitutions) {
        Arns.checkName(name);
        StateMachineDefinition definition = DefinitionParser.parse(definitionJson, substitutions);
        String arn = arns.stateMachine(name);
        StateMachine existing = stateMachines.get(arn);
        if (existing != null && existing.description().definition().equals(definition.json())) {
            return arn;
        }
        Instant created = existing != null ? existing.description().creationDate()
                : store.stateMachines().stream().filter(s -> s.stateMachineArn().equals(arn)).findFirst()
                        .map(StateMachineDescription::creationDate).orElse(Timers.now());
        StateMachineDescription description = new StateMachineDescription(arn, name, definition.json(), created);
        store.saveStateMachine(description);
        stateMachines.put(arn, new StateMachine(description, definition));
        return arn;
    }

    StateMachineDescription describeStateMachine(String arn) {
        return stateMachine(arn).description();
    }

    List<StateMachineDescription> listStateMachines() {
        return stateMachines.values().stream().map(StateMachine::description)
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private StateMachine stateMachine(String arn) {
        Arns.checkStateMachineArn(arn);
        StateMachine sm = stateMachines.get(arn);
        if (sm == null) {
            throw new SfnException("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
        }
        return sm;
    }

    // ---- lifecycle

    /** Loads persisted state machines not created in this process, then continues every RUNNING execution. */
    void start() {
        for (StateMachineDescription d : store.stateMachines()) {
            if (!stateMachines.containsKey(d.stateMachineArn())) {
                try {
                    stateMachines.put(d.stateMachineArn(), new StateMachine(d, DefinitionParser.parse(d.definition(), Map.of())));
                } catch (RuntimeException e) {
                    LOG.error("The persisted state machine {} can no longer be loaded", d.stateMachineArn(), e);
                }
            }
        }
        List<LiveExecution> resumed = new ArrayList<>();
        for (ExecutionStore.Resumable r : store.running()) {
            resume(r).ifPresent(resumed::add);
        }
        started = true;
        resumed.forEach(this::run);
        if (!resumed.isEmpty()) {
            LOG.info("Continued {} running execution(s)", resumed.size());
        }
    }

    private Optional<LiveExecution> resume(ExecutionStore.Resumable r) {
        ExecutionDescription d = r.execution();
        StateMachine sm = stateMachines.get(d.stateMachineArn());
        BranchPosition root;
        try {
            if (sm == null) {
                throw new IllegalStateException("its state machine " + d.stateMachineArn() + " is not defined");
            }
            if (r.position() == null) {
                throw new IllegalStateException("no position was persisted");
            }
            root = BranchPosition.fromJson(Json.parse(r.position()));
            root.checkFits(sm.definition().graph());
        } catch (RuntimeException e) {
            String cause = "The execution could not be continued after a restart: " + e.getMessage();
            LOG.error("{}: {}", d.executionArn(), cause);
            ExecutionDescription failed = d.finished(ExecutionStatus.FAILED, Timers.now(), null, StatesError.RUNTIME, cause);
            EventDraft event = EventDraft.executionEnded(ExecutionStatus.FAILED, StatesError.RUNTIME, cause);
            long id = r.lastEventId() + 1;
            store.saveExecution(failed, null, id, List.of(new HistoryEvent(id, id - 1, event.type(), Timers.now(),
                    event.detailsKey(), event.details())), List.of());
            statusEvents.publish(failed);
            return Optional.empty();
        }
        LiveExecution execution = new LiveExecution(this, sm, d, root, r.lastEventId());
        live.put(d.executionArn(), execution);
        execution.registerPendingTokens();
        scheduleTimeout(execution, d.startDate());
        return Optional.of(execution);
    }

    @Override
    public void close() {
        closed = true;
        live.values().forEach(e -> e.scope.cancel());
        live.values().forEach(LiveExecution::awaitCommits);
        workers.shutdownNow();
        timers.close();
        statusEvents.close();
    }

    // ---- executions

    ExecutionDescription startExecution(String stateMachineArn, String name, String input) {
        checkStarted();
        StateMachine sm = stateMachine(stateMachineArn);
        String executionName = name == null ? UUID.randomUUID().toString() : Arns.checkName(name);
        String inputText = input == null ? "{}" : input;
        JsonNode parsedInput = Json.tryParse(inputText).orElseThrow(() -> new SfnException("InvalidExecutionInput",
                "Invalid State Machine Execution Input: the input is not JSON"));
        String arn = arns.execution(sm.name(), executionName);
        LiveExecution execution;
        ExecutionDescription started;
        synchronized (startLock) {
            Optional<ExecutionDescription> existing = store.execution(arn);
            if (existing.isPresent()) {
                return idempotentStart(existing.get(), inputText);
            }
            started = new ExecutionDescription(arn, sm.arn(), executionName, ExecutionStatus.RUNNING, Timers.now(), null,
                    inputText, null, null, null);
            String startAt = sm.definition().graph().startAt();
            execution = new LiveExecution(this, sm, started, new BranchPosition(startAt, parsedInput, started.startDate()), 0);
            List<EventDraft> events = List.of(EventDraft.executionStarted(inputText, roleArn()),
                    EventDraft.stateEntered(sm.definition().graph().state(startAt), parsedInput));
            if (!execution.insert(events)) {
                return idempotentStart(store.execution(arn).orElseThrow(), inputText);
            }
            live.put(arn, execution);
            statusEvents.publish(started);
        }
        scheduleTimeout(execution, started.startDate());
        run(execution);
        return started;
    }

    /** AWS: the same name and input as a RUNNING execution returns it; anything else is ExecutionAlreadyExists. */
    private static ExecutionDescription idempotentStart(ExecutionDescription existing, String input) {
        if (existing.status() == ExecutionStatus.RUNNING && existing.input().equals(input)) {
            return existing;
        }
        throw new SfnException("ExecutionAlreadyExists", "Execution Already Exists: '" + existing.executionArn() + "'");
    }

    private void scheduleTimeout(LiveExecution execution, Instant startDate) {
        long seconds = execution.machine.definition().timeoutSeconds();
        if (seconds > 0) {
            String cause = "The execution timed out after " + seconds + " seconds";
            execution.setTimeout(timers.schedule(startDate.plusSeconds(seconds), () -> execution.finish(
                    ExecutionStatus.TIMED_OUT, null, StatesError.TIMEOUT, cause,
                    List.of(EventDraft.executionEnded(ExecutionStatus.TIMED_OUT, StatesError.TIMEOUT, cause)))));
        }
    }

    private void run(LiveExecution execution) {
        submit(() -> {
            try {
                BranchRunner.Result result = new BranchRunner(this, execution, execution.machine.definition().graph(),
                        execution.root(), execution.scope).run();
                List<EventDraft> events = new ArrayList<>(result.events());
                events.add(EventDraft.executionSucceeded(result.output().toString()));
                execution.finish(ExecutionStatus.SUCCEEDED, result.output().toString(), null, null, events);
            } catch (StatesError e) {
                fail(execution, e.error(), e.cause());
            } catch (Cancelled e) {
                // stopped, timed out or closing: whoever cancelled has recorded what is needed
            } catch (RuntimeException e) {
                LOG.error("Execution {} failed inside the engine", execution.arn(), e);
                fail(execution, StatesError.RUNTIME, "Internal error in the local engine: " + e);
            }
        });
    }

    private static void fail(LiveExecution execution, String error, String cause) {
        execution.finish(ExecutionStatus.FAILED, null, error, cause,
                List.of(EventDraft.executionEnded(ExecutionStatus.FAILED, error, cause)));
    }

    /** Called by an execution once its terminal status is persisted. */
    void ended(ExecutionDescription execution) {
        live.remove(execution.executionArn());
        statusEvents.publish(execution);
    }

    /** Called when an execution could not be persisted: it is left to the next start. */
    void forget(LiveExecution execution) {
        live.remove(execution.arn());
    }

    void submit(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            throw new Cancelled("the engine is closing");
        }
    }

    ExecutionDescription describeExecution(String arn) {
        Arns.checkExecutionArn(arn);
        return store.execution(arn).orElseThrow(() -> new SfnException("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + arn + "'"));
    }

    ExecutionDescription stopExecution(String arn, String error, String cause) {
        describeExecution(arn);
        LiveExecution execution = live.get(arn);
        if (execution != null) {
            execution.finish(ExecutionStatus.ABORTED, null, error, cause,
                    List.of(EventDraft.executionEnded(ExecutionStatus.ABORTED, error, cause)));
        }
        return describeExecution(arn);
    }

    List<ExecutionDescription> listExecutions(String stateMachineArn, ExecutionStatus status) {
        stateMachine(stateMachineArn);
        return store.executions(stateMachineArn, status);
    }

    List<HistoryEvent> history(String arn) {
        describeExecution(arn);
        return store.history(arn);
    }

    // ---- task tokens

    void sendTaskSuccess(String token, String output) {
        JsonNode parsed = Json.tryParse(output == null ? "" : output).orElseThrow(() -> new SfnException("InvalidOutput",
                "Invalid Output: the output is not JSON"));
        answer(token, TokenAnswer.success(parsed), TokenStatus.SUCCEEDED, EventDraft.taskSucceeded(TOKEN_RESOURCE, parsed));
    }

    void sendTaskFailure(String token, String error, String cause) {
        answer(token, TokenAnswer.failure(error, cause), TokenStatus.FAILED,
                EventDraft.taskFailed(TOKEN_RESOURCE, error, cause));
    }

    void sendTaskHeartbeat(String token) {
        TaskTokens.Pending pending = answerable(token);
        TokenWait wait = pending.wait;
        if (wait.heartbeatSeconds > 0) {
            try {
                pending.execution.commit(pending.execution.scope, List.of(),
                        () -> wait.heartbeatAt = Timers.now().plusSeconds(wait.heartbeatSeconds));
            } catch (Cancelled e) {
                throw taskGone(token);
            }
            pending.beat();
        }
    }

    private void answer(String token, TokenAnswer answer, TokenStatus status, EventDraft event) {
        TaskTokens.Pending pending = answerable(token);
        if (!pending.claim()) {
            throw taskGone(token);
        }
        try {
            pending.execution.commit(pending.execution.scope, List.of(event), () -> pending.wait.answer = answer,
                    Map.of(token, status));
        } catch (Cancelled e) {
            throw taskGone(token);
        }
        pending.answered.complete(null);
    }

    private TaskTokens.Pending answerable(String token) {
        checkStarted();
        if (!TaskTokens.wellFormed(token)) {
            throw new SfnException("InvalidToken", "Invalid Token: '" + token + "'");
        }
        TaskTokens.Pending pending = tokens.pending(token);
        if (pending == null || pending.isClaimed()) {
            throw taskGone(token);
        }
        return pending;
    }

    private SfnException taskGone(String token) {
        if (store.tokenStatus(token).orElse(TokenStatus.CLOSED) == TokenStatus.TIMED_OUT) {
            return new SfnException("TaskTimedOut", "Task Timed Out: 'Provided task has timed out'");
        }
        return new SfnException("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist anymore'");
    }

    // ---- functions

    /** Invokes a registered function on a worker; the future fails with the task error AWS would report. */
    CompletableFuture<JsonNode> invoke(String functionNameOrArn, JsonNode payload) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        submit(() -> {
            try {
                result.complete(invokeNow(functionNameOrArn, payload));
            } catch (Throwable t) {
                result.completeExceptionally(t instanceof StatesError e ? e : lambdaError(t));
            }
        });
        return result;
    }

    private JsonNode invokeNow(String functionNameOrArn, JsonNode payload) throws Exception {
        LambdaFunction function;
        String name;
        try {
            name = TaskResource.functionName(functionNameOrArn);
            function = functions.get(name);
        } catch (IllegalArgumentException e) {
            name = functionNameOrArn;
            function = null;
        }
        if (function == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: arn:aws:lambda:" + region + ":"
                    + account + ":function:" + name + " (Service: Lambda, Status Code: 404)");
        }
        JsonNode output = function.invoke(payload == null ? NullNode.getInstance() : payload.deepCopy());
        return output == null ? NullNode.getInstance() : output.deepCopy();
    }

    /** What the Java Lambda runtime reports: errorType is the exception's class name. */
    private static StatesError lambdaError(Throwable t) {
        String type = t.getClass().getName();
        ObjectNode cause = Json.object().put("errorMessage", t.getMessage()).put("errorType", type);
        return new StatesError(type, cause.toString());
    }

    /** The task error inside a completed invocation future. */
    static StatesError failureOf(CompletableFuture<JsonNode> call) {
        try {
            call.join();
            throw new IllegalStateException("the invocation succeeded");
        } catch (CompletionException e) {
            return e.getCause() instanceof StatesError s ? s : lambdaError(e.getCause());
        }
    }

    private void checkStarted() {
        if (!started || closed) {
            throw new IllegalStateException("the engine is not running (call start() first, and not after close())");
        }
    }
}
