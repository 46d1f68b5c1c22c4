package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RUNNING execution in this process. Every change to its position tree goes through {@link #commit},
 * which applies the change and persists the whole tree, its history events and token changes under one
 * lock, so concurrent Map iterations, task-token answers and StopExecution never interleave.
 */
final class LiveExecution {
    private static final Logger LOG = LoggerFactory.getLogger(LiveExecution.class);

    final StateMachine machine;
    final Scope scope = new Scope();
    private final Engine engine;
    private final ObjectNode contextBase;
    private final ReentrantLock lock = new ReentrantLock();
    private ExecutionDescription description;
    private BranchPosition root;
    private long lastEventId;
    private boolean detached;
    private ScheduledFuture<?> timeout;

    LiveExecution(Engine engine, StateMachine machine, ExecutionDescription description, BranchPosition root,
                  long lastEventId) {
        this.engine = engine;
        this.machine = machine;
        this.description = description;
        this.root = root;
        this.lastEventId = lastEventId;
        this.contextBase = Json.object();
        ObjectNode execution = contextBase.putObject("Execution");
        execution.put("Id", description.executionArn());
        execution.set("Input", Json.parse(description.input()));
        execution.put("Name", description.name());
        execution.put("RoleArn", engine.roleArn());
        execution.put("StartTime", Json.iso(description.startDate()));
        execution.put("RedriveCount", 0);
        contextBase.putObject("StateMachine").put("Id", machine.arn()).put("Name", machine.name());
    }

    String arn() {
        return description.executionArn();
    }

    BranchPosition root() {
        return root;
    }

    /** A fresh context object holding $$.Execution and $$.StateMachine; the caller adds State, Task, Map. */
    ObjectNode contextBase() {
        return contextBase.deepCopy();
    }

    void setTimeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    /** Persists a new execution with its first events; false when the ARN is taken. */
    boolean insert(List<EventDraft> events) {
        lock.lock();
        try {
            boolean inserted = engine.store().insertExecution(description, root.toJson().toString(), toEvents(events));
            if (inserted) {
                lastEventId = events.size();
            }
            return inserted;
        } finally {
            lock.unlock();
        }
    }

    /** Registers the tokens a persisted position still waits on (restart), before anyone can answer them. */
    void registerPendingTokens() {
        root.forEachActiveToken(wait -> engine.tokens().register(this, wait));
    }

    void commit(Scope caller, List<EventDraft> events, Runnable change) {
        commit(caller, events, change, Map.of());
    }

    /**
     * Applies {@code change} and persists the result. Tokens that appear in the tree become WAITING;
     * tokens that stop waiting get the status in {@code claimed}, or CLOSED when their task was discarded.
     *
     * @throws Cancelled when the engine is closing, the execution has ended or {@code caller} was cancelled
     */
    void commit(Scope caller, List<EventDraft> events, Runnable change, Map<String, TokenStatus> claimed) {
        lock.lock();
        try {
            checkWritable(caller);
            Map<String, TokenWait> before = activeTokens();
            change.run();
            Map<String, TokenWait> after = activeTokens();
            List<ExecutionStore.TokenChange> changes = new ArrayList<>();
            after.keySet().stream().filter(t -> !before.containsKey(t))
                    .forEach(t -> changes.add(new ExecutionStore.TokenChange(t, TokenStatus.WAITING)));
            before.keySet().stream().filter(t -> !after.containsKey(t))
                    .forEach(t -> changes.add(new ExecutionStore.TokenChange(t, claimed.getOrDefault(t, TokenStatus.CLOSED))));
            persist(events, changes);
            after.forEach((t, wait) -> {
                if (!before.containsKey(t)) {
                    engine.tokens().register(this, wait);
                }
            });
            before.keySet().stream().filter(t -> !after.containsKey(t)).forEach(engine.tokens()::unregister);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the execution with a terminal status. False when it had already ended (a stop racing the
     * last state, say) or the engine is closing.
     */
    boolean finish(ExecutionStatus status, String output, String error, String cause, List<EventDraft> events) {
        ExecutionDescription ended;
        lock.lock();
        try {
            if (detached || engine.isClosed() || description.status() != ExecutionStatus.RUNNING) {
                return false;
            }
            Map<String, TokenWait> before = activeTokens();
            description = description.finished(status, Timers.now(), output, error, cause);
            root = null;
            persist(events, List.of());
            before.keySet().forEach(engine.tokens()::unregister);
            ended = description;
        } catch (Cancelled e) {
            return false;
        } finally {
            lock.unlock();
        }
        scope.cancel();
        if (timeout != null) {
            timeout.cancel(false);
        }
        engine.ended(ended);
        return true;
    }

    /** Waits for a commit in progress to finish; after {@link Engine#close} marks the engine closed, none starts. */
    void awaitCommits() {
        lock.lock();
        lock.unlock();
    }

    private void checkWritable(Scope caller) {
        if (detached || engine.isClosed()) {
            throw new Cancelled("the engine is closing");
        }
        if (description.status() != ExecutionStatus.RUNNING) {
            throw new Cancelled("the execution has ended");
        }
        caller.throwIfCancelled();
    }

    private void persist(List<EventDraft> events, List<ExecutionStore.TokenChange> tokens) {
        try {
            engine.store().saveExecution(description, root == null ? null : root.toJson().toString(), lastEventId + events.size(),
                    toEvents(events), tokens);
        } catch (RuntimeException e) {
            // The last persisted position stays RUNNING and is continued from on the next start.
            LOG.error("Could not persist execution {}; it stops here and resumes on the next start", arn(), e);
            detached = true;
            scope.cancel();
            engine.forget(this);
            throw new Cancelled("persistence failed");
        }
        lastEventId += events.size();
    }

    private List<HistoryEvent> toEvents(List<EventDraft> drafts) {
        List<HistoryEvent> out = new ArrayList<>();
        long id = lastEventId;
        for (EventDraft d : drafts) {
            id++;
            out.add(new HistoryEvent(id, id - 1, d.type(), Timers.now(), d.detailsKey(), d.details()));
        }
        return out;
    }

    private Map<String, TokenWait> activeTokens() {
        Map<String, TokenWait> tokens = new HashMap<>();
        if (root != null) {
            Consumer<TokenWait> collect = w -> tokens.put(w.token, w);
            root.forEachActiveToken(collect);
        }
        return tokens;
    }
}
