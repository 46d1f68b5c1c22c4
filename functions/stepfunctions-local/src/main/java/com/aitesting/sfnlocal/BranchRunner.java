package com.aitesting.sfnlocal;

import com.aitesting.sfnlocal.asl.Catcher;
import com.aitesting.sfnlocal.asl.PathContext;
import com.aitesting.sfnlocal.asl.Retrier;
import com.aitesting.sfnlocal.asl.State;
import com.aitesting.sfnlocal.asl.StateGraph;
import com.aitesting.sfnlocal.asl.StatesError;
import com.aitesting.sfnlocal.asl.Template;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Runs one branch (the whole machine, a Map iteration or a Parallel branch) on the calling virtual thread,
 * from wherever its {@link BranchPosition} says it is, committing every transition. It returns the
 * branch output, throws {@link StatesError} when the branch fails, or {@link Cancelled} when it must stop.
 */
final class BranchRunner {

    record Result(JsonNode output, List<EventDraft> events) {
    }

    /** How a state ended: where to go (null = end of branch), its output, and events to record with the transition. */
    private record Step(String next, JsonNode output, List<EventDraft> events) {
    }

    private record Attempt(JsonNode result, List<EventDraft> events) {
    }

    private final Engine engine;
    private final LiveExecution execution;
    private final StateGraph graph;
    private final BranchPosition pos;
    private final Scope scope;

    BranchRunner(Engine engine, LiveExecution execution, StateGraph graph, BranchPosition pos, Scope scope) {
        this.engine = engine;
        this.execution = execution;
        this.graph = graph;
        this.pos = pos;
        this.scope = scope;
    }

    Result run() {
        while (true) {
            scope.throwIfCancelled();
            State state = graph.state(pos.state);
            Step step = switch (state) {
                case State.Pass p -> pass(p);
                case State.Choice c -> choice(c);
                case State.Wait w -> waitState(w);
                case State.Succeed s -> succeed(s);
                case State.Fail f -> throw new StatesError(f.error(), f.cause());
                case State.Recoverable r -> recoverable(r);
            };
            List<EventDraft> events = new ArrayList<>(step.events());
            events.add(EventDraft.stateExited(state, step.output()));
            if (step.next() == null) {
                return new Result(step.output(), events);
            }
            events.add(EventDraft.stateEntered(graph.state(step.next()), step.output()));
            execution.commit(scope, events, () -> pos.moveTo(step.next(), step.output(), Timers.now()));
        }
    }

    private ObjectNode context(String token) {
        ObjectNode context = execution.contextBase();
        context.putObject("State").put("Name", pos.state).put("EnteredTime", Json.iso(pos.enteredAt))
                .put("RetryCount", pos.retryCount);
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    private Step pass(State.Pass p) {
        ObjectNode context = context(null);
        JsonNode effective = p.inputPath().select(pos.input, context);
        JsonNode result = p.result() != null ? p.result().deepCopy()
                : p.parameters() != null ? p.parameters().evaluate(new PathContext(effective, context)) : effective;
        JsonNode merged = p.resultPath().apply(pos.input, result);
        return new Step(p.next(), p.outputPath().select(merged, context), List.of());
    }

    private Step succeed(State.Succeed s) {
        ObjectNode context = context(null);
        return new Step(null, s.outputPath().select(s.inputPath().select(pos.input, context), context), List.of());
    }

    private Step choice(State.Choice c) {
        ObjectNode context = context(null);
        JsonNode effective = c.inputPath().select(pos.input, context);
        PathContext scopeOfRules = new PathContext(effective, context);
        String next = c.choices().stream().filter(b -> b.condition().test(scopeOfRules)).findFirst()
                .map(b -> b.next()).orElse(c.defaultNext());
        if (next == null) {
            throw new StatesError("States.NoChoiceMatched", "No Choice Rules matched and no Default is specified in state '"
                    + c.name() + "'");
        }
        return new Step(next, c.outputPath().select(effective, context), List.of());
    }

    private Step waitState(State.Wait w) {
        ObjectNode context = context(null);
        JsonNode effective = w.inputPath().select(pos.input, context);
        if (pos.waitUntil == null) {
            Instant until = w.until().until(new PathContext(effective, context), Timers.now());
            execution.commit(scope, List.of(), () -> pos.waitUntil = until);
        }
        engine.timers().awaitUntil(pos.waitUntil, scope);
        return new Step(w.next(), w.outputPath().select(effective, context), List.of());
    }

    /** Task, Map and Parallel: attempt, then Retry (with backoff, persisted) or Catch on failure. */
    private Step recoverable(State.Recoverable state) {
        while (true) {
            if (pos.retryAt != null) {
                engine.timers().awaitUntil(pos.retryAt, scope);
            }
            try {
                Attempt attempt = switch (state) {
                    case State.Task t -> task(t);
                    case State.Map m -> map(m);
                    case State.Parallel p -> parallel(p);
                };
                ObjectNode context = context(null);
                Template selector = state.resultSelector();
                JsonNode selected = selector == null ? attempt.result()
                        : selector.evaluate(new PathContext(attempt.result(), context));
                JsonNode merged = state.resultPath().apply(pos.input, selected);
                return new Step(state.next(), state.outputPath().select(merged, context), attempt.events());
            } catch (StatesError e) {
                if (e.isRuntime()) {
                    throw e;
                }
                if (scheduleRetry(state, e)) {
                    continue;
                }
                for (Catcher catcher : state.catchers()) {
                    if (catcher.matches(e.error())) {
                        return new Step(catcher.next(), catcher.resultPath().apply(pos.input, errorOutput(e)), List.of());
                    }
                }
                throw e;
            }
        }
    }

    /** The first Retry entry matching the error decides; once its attempts are used up the error goes on to Catch. */
    private boolean scheduleRetry(State.Recoverable state, StatesError e) {
        List<Retrier> retriers = state.retry();
        for (int i = 0; i < retriers.size(); i++) {
            Retrier retrier = retriers.get(i);
            if (retrier.matches(e.error())) {
                int done = pos.retriesOf(i);
                if (done >= retrier.maxAttempts()) {
                    return false;
                }
                Instant at = Timers.now().plus(retrier.delay(done, ThreadLocalRandom.current()));
                int index = i;
                execution.commit(scope, List.of(), () -> pos.prepareRetry(index, at));
                return true;
            }
        }
        return false;
    }

    private static ObjectNode errorOutput(StatesError e) {
        ObjectNode out = Json.object();
        if (e.error() != null) {
            out.put("Error", e.error());
        }
        if (e.cause() != null) {
            out.put("Cause", e.cause());
        }
        return out;
    }

    // ---- Task

    private Attempt task(State.Task t) {
        ObjectNode context = context(null);
        JsonNode effective = t.inputPath().select(pos.input, context);
        String resource = t.resource().eventResource();
        return switch (t.resource().kind()) {
            case LAMBDA_INVOKE -> {
                JsonNode parameters = t.parameters().evaluate(new PathContext(effective, context));
                JsonNode payload = invokeOnce(t, functionName(parameters), parameters, parameters.get("Payload"));
                ObjectNode result = Json.object().put("ExecutedVersion", "$LATEST");
                result.set("Payload", payload);
                result.put("StatusCode", 200);
                yield new Attempt(result, List.of(EventDraft.taskSucceeded(resource, result)));
            }
            case LAMBDA_DIRECT -> {
                JsonNode payload = t.parameters() == null ? effective : t.parameters().evaluate(new PathContext(effective, context));
                JsonNode result = invokeOnce(t, t.resource().functionName(), payload, payload);
                yield new Attempt(result, List.of(EventDraft.taskSucceeded(resource, result)));
            }
            case LAMBDA_INVOKE_WAIT_FOR_TOKEN -> new Attempt(awaitToken(t, effective), List.of());
        };
    }

    private static String functionName(JsonNode parameters) {
        JsonNode name = parameters.get("FunctionName");
        if (name == null || !name.isTextual()) {
            throw StatesError.runtime("FunctionName must be a string, got " + name);
        }
        return name.asText();
    }

    private JsonNode invokeOnce(State.Task t, String function, JsonNode parameters, JsonNode payload) {
        String resource = t.resource().eventResource();
        execution.commit(scope, List.of(EventDraft.taskScheduled(resource, engine.region(), parameters, t.timeoutSeconds(), 0),
                EventDraft.taskStarted(resource)), () -> { });
        CompletableFuture<JsonNode> call = engine.invoke(function, payload);
        engine.timers().awaitUntil(Timers.now().plusSeconds(t.timeoutSeconds()), scope, call);
        if (!call.isDone()) {
            String cause = "The task did not finish within " + t.timeoutSeconds() + " seconds";
            execution.commit(scope, List.of(EventDraft.taskTimedOut(resource, StatesError.TIMEOUT, cause)), () -> { });
            throw new StatesError(StatesError.TIMEOUT, cause);
        }
        if (call.isCompletedExceptionally()) {
            StatesError failure = Engine.failureOf(call);
            execution.commit(scope, List.of(EventDraft.taskFailed(resource, failure.error(), failure.cause())), () -> { });
            throw failure;
        }
        return call.join();
    }

    /**
     * A .waitForTaskToken task: issue and persist a token (once per attempt), invoke the function unless it
     * already ran, then wait for SendTaskSuccess/SendTaskFailure or a timeout, whichever claims the token first.
     */
    private JsonNode awaitToken(State.Task t, JsonNode effective) {
        String resource = t.resource().eventResource();
        if (pos.tokenWait == null) {
            Instant now = Timers.now();
            TokenWait issued = new TokenWait(engine.tokens().newToken(), now.plusSeconds(t.timeoutSeconds()),
                    t.heartbeatSeconds(), t.heartbeatSeconds() > 0 ? now.plusSeconds(t.heartbeatSeconds()) : null);
            JsonNode parameters = t.parameters().evaluate(new PathContext(effective, context(issued.token)));
            execution.commit(scope, List.of(EventDraft.taskScheduled(resource, engine.region(), parameters,
                    t.timeoutSeconds(), t.heartbeatSeconds()), EventDraft.taskStarted(resource)), () -> pos.tokenWait = issued);
        }
        TokenWait wait = pos.tokenWait;
        CompletableFuture<JsonNode> call = null;
        if (!wait.submitted && wait.active()) {
            JsonNode parameters = t.parameters().evaluate(new PathContext(effective, context(wait.token)));
            call = engine.invoke(functionName(parameters), parameters.get("Payload"));
        }
        while (true) {
            TokenAnswer answer = wait.answer;
            if (answer != null) {
                if (answer.succeeded()) {
                    return answer.output();
                }
                throw new StatesError(answer.error(), answer.cause());
            }
            TaskTokens.Pending pending = engine.tokens().pending(wait.token);
            if (pending == null) {
                if (wait.answer != null) {
                    continue;
                }
                throw new Cancelled("the task was discarded");
            }
            if (call != null && call.isDone()) {
                if (!call.isCompletedExceptionally()) {
                    JsonNode output = call.join();
                    execution.commit(scope, List.of(EventDraft.taskSubmitted(resource, output)), () -> wait.submitted = true);
                    call = null;
                } else if (pending.claim()) {
                    StatesError failure = Engine.failureOf(call);
                    execution.commit(scope, List.of(EventDraft.taskFailed(resource, failure.error(), failure.cause())), () -> { });
                    throw failure;
                } else {
                    engine.timers().await(scope, pending.answered);
                }
                continue;
            }
            if (pending.isClaimed()) {
                engine.timers().await(scope, pending.answered); // an answer is being committed
                continue;
            }
            CompletableFuture<Void> heartbeat = pending.heartbeat();
            engine.timers().awaitUntil(wait.deadline(), scope, pending.answered, heartbeat, call);
            boolean woken = pending.answered.isDone() || heartbeat.isDone() || (call != null && call.isDone());
            if (!woken && !Timers.now().isBefore(wait.deadline()) && pending.claim()) {
                boolean timedOut = !Timers.now().isBefore(wait.timeoutAt);
                String error = timedOut ? StatesError.TIMEOUT : StatesError.HEARTBEAT_TIMEOUT;
                String cause = timedOut ? "The task did not finish within " + t.timeoutSeconds() + " seconds"
                        : "No heartbeat within " + t.heartbeatSeconds() + " seconds";
                execution.commit(scope, List.of(EventDraft.taskTimedOut(resource, error, cause)),
                        () -> wait.answer = TokenAnswer.failure(error, cause), Map.of(wait.token, TokenStatus.TIMED_OUT));
            }
        }
    }

    // ---- Map and Parallel

    private Attempt map(State.Map m) {
        ObjectNode context = context(null);
        JsonNode effective = m.inputPath().select(pos.input, context);
        if (pos.children == null) {
            JsonNode items = m.itemsPath().require(new PathContext(effective, context), "ItemsPath");
            if (!items.isArray()) {
                throw StatesError.runtime("The ItemsPath '" + m.itemsPath() + "' of state '" + m.name()
                        + "' did not select an array: " + items);
            }
            List<ChildPosition> children = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                JsonNode input = item;
                if (m.itemSelector() != null) {
                    ObjectNode itemContext = context.deepCopy();
                    ObjectNode mapItem = itemContext.putObject("Map").putObject("Item").put("Index", i);
                    mapItem.set("Value", item);
                    input = m.itemSelector().evaluate(new PathContext(effective, itemContext));
                }
                children.add(new ChildPosition(input));
            }
            execution.commit(scope, List.of(EventDraft.mapStateStarted(children.size())), () -> pos.children = children);
        }
        ArrayNode results = runChildren(i -> m.processor(), m.maxConcurrency(), m.name(), true);
        return new Attempt(results, List.of(EventDraft.plain("MapStateSucceeded")));
    }

    private Attempt parallel(State.Parallel p) {
        ObjectNode context = context(null);
        JsonNode effective = p.inputPath().select(pos.input, context);
        if (pos.children == null) {
            JsonNode input = p.parameters() == null ? effective : p.parameters().evaluate(new PathContext(effective, context));
            List<ChildPosition> children = new ArrayList<>();
            p.branches().forEach(b -> children.add(new ChildPosition(input.deepCopy())));
            execution.commit(scope, List.of(EventDraft.plain("ParallelStateStarted")), () -> pos.children = children);
        }
        ArrayNode results = runChildren(i -> p.branches().get(i), 0, p.name(), false);
        return new Attempt(results, List.of(EventDraft.plain("ParallelStateSucceeded")));
    }

    /** Outcome of one child branch, reported to the coordinating thread; {@code failure} null means it succeeded. */
    private record ChildOutcome(RuntimeException failure) {
    }

    /**
     * Runs the children not yet done, at most {@code maxConcurrency} at a time (0 = all), each on its own
     * virtual thread. The first failure cancels the others and becomes this state's failure.
     */
    private ArrayNode runChildren(IntFunction<StateGraph> graphs, int maxConcurrency, String stateName, boolean isMap) {
        List<ChildPosition> children = pos.children;
        Scope childScope = scope.child();
        LinkedBlockingQueue<ChildOutcome> outcomes = new LinkedBlockingQueue<>();
        childScope.signal().thenRun(() -> outcomes.add(new ChildOutcome(new Cancelled("children cancelled"))));
        int limit = maxConcurrency == 0 ? Integer.MAX_VALUE : maxConcurrency;
        int next = 0;
        int running = 0;
        try {
            while (true) {
                while (next < children.size() && running < limit) {
                    int index = next++;
                    if (!children.get(index).done) {
                        startChild(index, children.get(index), graphs.apply(index), childScope, stateName, isMap, outcomes);
                        running++;
                    }
                }
                if (running == 0) {
                    break;
                }
                ChildOutcome outcome = take(outcomes);
                if (outcome.failure() != null) {
                    throw outcome.failure();
                }
                running--;
            }
        } finally {
            childScope.cancel();
        }
        ArrayNode results = Json.MAPPER.createArrayNode();
        children.forEach(c -> results.add(c.output));
        return results;
    }

    private void startChild(int index, ChildPosition child, StateGraph childGraph, Scope childScope, String stateName,
                            boolean isMap, LinkedBlockingQueue<ChildOutcome> outcomes) {
        if (child.branch == null) {
            List<EventDraft> events = new ArrayList<>();
            if (isMap) {
                events.add(EventDraft.mapIteration("MapIterationStarted", stateName, index));
            }
            events.add(EventDraft.stateEntered(childGraph.state(childGraph.startAt()), child.input));
            BranchPosition start = new BranchPosition(childGraph.startAt(), child.input, Timers.now());
            execution.commit(childScope, events, () -> child.branch = start);
        }
        BranchPosition branch = child.branch;
        engine.submit(() -> {
            try {
                Result result = new BranchRunner(engine, execution, childGraph, branch, childScope).run();
                List<EventDraft> events = new ArrayList<>(result.events());
                if (isMap) {
                    events.add(EventDraft.mapIteration("MapIterationSucceeded", stateName, index));
                }
                execution.commit(childScope, events, () -> {
                    child.done = true;
                    child.output = result.output();
                    child.branch = null;
                });
                outcomes.add(new ChildOutcome(null));
            } catch (RuntimeException e) {
                outcomes.add(new ChildOutcome(e));
            }
        });
    }

    private static ChildOutcome take(LinkedBlockingQueue<ChildOutcome> outcomes) {
        try {
            return outcomes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled("interrupted");
        }
    }
}
