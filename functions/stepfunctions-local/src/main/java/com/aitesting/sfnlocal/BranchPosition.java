package com.aitesting.sfnlocal;

import com.aitesting.sfnlocal.asl.State;
import com.aitesting.sfnlocal.asl.StateGraph;
import com.aitesting.sfnlocal.asl.TaskResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where one branch of an execution is: the current state, its raw input, and whatever that state has
 * in progress (retry count and backoff, Wait deadline, parked token, Map/Parallel children). This tree
 * is what is persisted at every transition and what a restarted engine continues from. Mutated only
 * inside {@link LiveExecution#commit}.
 */
final class BranchPosition {
    String state;
    JsonNode input;
    Instant enteredAt;
    int retryCount;
    int[] retriesPerRetrier = new int[0];
    Instant retryAt;
    Instant waitUntil;
    TokenWait tokenWait;
    List<ChildPosition> children;

    BranchPosition(String state, JsonNode input, Instant enteredAt) {
        this.state = state;
        this.input = input;
        this.enteredAt = enteredAt;
    }

    void moveTo(String next, JsonNode nextInput, Instant now) {
        state = next;
        input = nextInput;
        enteredAt = now;
        retryCount = 0;
        retriesPerRetrier = new int[0];
        retryAt = null;
        waitUntil = null;
        tokenWait = null;
        children = null;
    }

    int retriesOf(int retrier) {
        return retrier < retriesPerRetrier.length ? retriesPerRetrier[retrier] : 0;
    }

    /** Records one more retry by {@code retrier}, due at {@code at}; the attempt's token and children are discarded. */
    void prepareRetry(int retrier, Instant at) {
        if (retrier >= retriesPerRetrier.length) {
            retriesPerRetrier = Arrays.copyOf(retriesPerRetrier, retrier + 1);
        }
        retriesPerRetrier[retrier]++;
        retryCount++;
        retryAt = at;
        tokenWait = null;
        children = null;
    }

    /** Visits every token in this subtree that still waits for an answer. */
    void forEachActiveToken(Consumer<TokenWait> visitor) {
        if (tokenWait != null && tokenWait.active()) {
            visitor.accept(tokenWait);
        }
        if (children != null) {
            for (ChildPosition child : children) {
                if (child.branch != null) {
                    child.branch.forEachActiveToken(visitor);
                }
            }
        }
    }

    /** Throws when this position cannot be continued on {@code graph} (the definition changed incompatibly). */
    void checkFits(StateGraph graph) {
        if (!graph.states().containsKey(state)) {
            throw new IllegalStateException("the state '" + state + "' no longer exists");
        }
        State current = graph.state(state);
        int retriers = current instanceof State.Recoverable r ? r.retry().size() : 0;
        if (retriesPerRetrier.length > retriers) {
            throw new IllegalStateException("the state '" + state + "' has fewer Retry entries than before");
        }
        if (tokenWait != null && !(current instanceof State.Task t
                && t.resource().kind() == TaskResource.Kind.LAMBDA_INVOKE_WAIT_FOR_TOKEN)) {
            throw new IllegalStateException("the state '" + state + "' is no longer a .waitForTaskToken task");
        }
        if (children == null) {
            return;
        }
        switch (current) {
            case State.Map m -> children.forEach(c -> checkChild(c, m.processor()));
            case State.Parallel p -> {
                if (p.branches().size() != children.size()) {
                    throw new IllegalStateException("the state '" + state + "' no longer has " + children.size() + " branches");
                }
                for (int i = 0; i < children.size(); i++) {
                    checkChild(children.get(i), p.branches().get(i));
                }
            }
            default -> throw new IllegalStateException("the state '" + state + "' is no longer a Map or Parallel state");
        }
    }

    private static void checkChild(ChildPosition child, StateGraph graph) {
        if (child.branch != null) {
            child.branch.checkFits(graph);
        }
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object().put("state", state).put("enteredAt", enteredAt.toString())
                .put("retryCount", retryCount);
        json.set("input", input);
        ArrayNode retries = json.putArray("retriesPerRetrier");
        Arrays.stream(retriesPerRetrier).forEach(retries::add);
        if (retryAt != null) {
            json.put("retryAt", retryAt.toString());
        }
        if (waitUntil != null) {
            json.put("waitUntil", waitUntil.toString());
        }
        if (tokenWait != null) {
            json.set("tokenWait", tokenWait.toJson());
        }
        if (children != null) {
            ArrayNode array = json.putArray("children");
            children.forEach(c -> array.add(c.toJson()));
        }
        return json;
    }

    static BranchPosition fromJson(JsonNode json) {
        BranchPosition p = new BranchPosition(json.get("state").asText(), json.get("input"),
                Instant.parse(json.get("enteredAt").asText()));
        p.retryCount = json.get("retryCount").asInt();
        List<Integer> retries = new ArrayList<>();
        json.get("retriesPerRetrier").forEach(n -> retries.add(n.asInt()));
        p.retriesPerRetrier = retries.stream().mapToInt(Integer::intValue).toArray();
        p.retryAt = json.hasNonNull("retryAt") ? Instant.parse(json.get("retryAt").asText()) : null;
        p.waitUntil = json.hasNonNull("waitUntil") ? Instant.parse(json.get("waitUntil").asText()) : null;
        p.tokenWait = json.hasNonNull("tokenWait") ? TokenWait.fromJson(json.get("tokenWait")) : null;
        if (json.hasNonNull("children")) {
            p.children = new ArrayList<>();
            json.get("children").forEach(c -> p.children.add(ChildPosition.fromJson(c)));
        }
        return p;
    }
}
