package com.aitesting.aws.live;

import com.aitesting.core.live.LiveFrames;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The live-progress WebSocket protocol (docs/websocket.md), the same on the embedded server and on API
 * Gateway: the client's commands parsed and validated, the server's messages written. THE home of the
 * protocol's shapes and limits.
 */
public final class LiveMessages implements LiveFrames {
    /** A client message (all its fragments together) above this closes the socket with 1009; commands are tiny. */
    public static final int MAX_CLIENT_MESSAGE_BYTES = 4096;
    /** API Gateway's frame limit: a larger event goes out as a reference ({@link #REF}) to fetch. */
    public static final int MAX_FRAME_BYTES = 32 * 1024;
    /** Runs one connection may follow at once; a subscription beyond it is refused (429), the others go on. */
    public static final int MAX_SUBSCRIPTIONS = 100;
    /** The one answer for an unknown run, another tenant's run and a run a stream token does not name. */
    public static final String NOT_FOUND = "Run not found.";
    /** A 503 for one subscription: the store or the registry failed; the connection's others go on. */
    public static final String UNAVAILABLE = "The run's events cannot be read right now; subscribe again with \"after\".";
    /** A 503 for an unsubscribe the registry could not record (on AWS): sending it again is safe. */
    public static final String UNSUBSCRIBE_UNAVAILABLE = "The subscription cannot be ended right now; unsubscribe again.";
    public static final String ALREADY_SUBSCRIBED = "Already subscribed to this run; unsubscribe first to start again from another seq.";
    /** The 401 a connection gets when the credential it was opened with expires, right before it is closed (1008 locally). */
    public static final String CREDENTIAL_EXPIRED = "The credential this connection was opened with has expired; connect again with a fresh one.";

    /** Why a client message over {@code maxBytes} is refused: the embedded server's 1009 reason, API Gateway's 413 title. */
    public static String tooBig(int maxBytes) {
        return "A message may hold at most " + maxBytes + " bytes.";
    }

    public static String tooMany() {
        return "At most " + MAX_SUBSCRIPTIONS + " runs per connection; unsubscribe from one first.";
    }

    /** Where the full event of a reference is fetched (GET, same credentials as the run's SSE stream). */
    public static final String REF = "ref";

    private static final Set<String> SUBSCRIBE_FIELDS = Set.of("action", "run_id", "after");
    private static final Set<String> UNSUBSCRIBE_FIELDS = Set.of("action", "run_id");
    private static final Set<String> PING_FIELDS = Set.of("action");
    private static final int RECENT = 256; // a power of two

    /** What a client asks for. */
    public sealed interface Command {
        record Subscribe(String runId, long after) implements Command {}

        record Unsubscribe(String runId) implements Command {}

        record Ping() implements Command {}
    }

    /** A client frame the server cannot act on; answered with an error message, the connection stays. */
    public static final class BadMessage extends RuntimeException {
        private final String runId;

        BadMessage(String title, String runId) {
            super(title, null, false, false);
            this.runId = runId;
        }

        public String title() {
            return getMessage();
        }

        /** The run the frame named, when it named one as a string (echoed so the client knows which subscription). */
        public String runId() {
            return runId;
        }
    }

    private record Encoded(RunEvent event, String frame) {}

    private final ObjectMapper json;
    // Frames of recently written events by seq, reused only for the very same RunEvent object: a run's
    // subscribers share the event objects of its window (StreamRunEvents), so one encoding serves them all.
    private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(RECENT);

    public LiveMessages(ObjectMapper json) {
        this.json = json;
    }

    public Command parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadMessage("The message is not JSON.", null);
        }
        if (node == null || !node.isObject()) {
            throw new BadMessage("The message must be a JSON object.", null);
        }
        JsonNode runNode = node.get("run_id");
        String runId = runNode != null && runNode.isTextual() ? runNode.asText() : null;
        JsonNode action = node.get("action");
        if (action == null || !action.isTextual()) {
            throw new BadMessage("The message needs an \"action\": subscribe, unsubscribe or ping.", runId);
        }
        return switch (action.asText()) {
            case "subscribe" -> {
                onlyFields(node, SUBSCRIBE_FIELDS, runId);
                yield new Command.Subscribe(runId(runNode, runId), after(node.get("after"), runId));
            }
            case "unsubscribe" -> {
                onlyFields(node, UNSUBSCRIBE_FIELDS, runId);
                yield new Command.Unsubscribe(runId(runNode, runId));
            }
            case "ping" -> {
                onlyFields(node, PING_FIELDS, runId);
                yield new Command.Ping();
            }
            default -> throw new BadMessage("Unknown action; use subscribe, unsubscribe or ping.", runId);
        };
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String runId) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!allowed.contains(names.next())) {
                throw new BadMessage("Unknown field; this action takes " + String.join(", ", allowed.stream().sorted().toList()) + ".", runId);
            }
        }
    }

    private static String runId(JsonNode node, String runId) {
        if (runId == null || runId.isEmpty() || runId.length() > 64) {
            throw new BadMessage("\"run_id\" must be a run id (a string).", null);
        }
        // One spelling per run: an id written in upper case is the same run, not a second subscription of it.
        try {
            return RunId.parse(runId).toString();
        } catch (RuntimeException notARunId) { // answered 404 when subscribed, like any unknown run
            return runId;
        }
    }

    private static long after(JsonNode node, String runId) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new BadMessage("\"after\" must be a non-negative integer (the last seq received).", runId);
        }
        return node.asLong();
    }

    /**
     * {@code {"type":"event","run_id","seq","event","created_at","data"}}, or, when that would exceed {@link #MAX_FRAME_BYTES},
     * the same without {@code data} and with {@code ref}: the path of GET /v2/runs/{id}/events/{seq}.
     */
    @Override
    public String event(RunEvent event) {
        int slot = (int) (event.seq() & (RECENT - 1));
        Encoded hit = recent.get(slot);
        if (hit != null && hit.event() == event) {
            return hit.frame();
        }
        String frame = encodeEvent(event);
        recent.set(slot, new Encoded(event, frame));
        return frame;
    }

    private String encodeEvent(RunEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "event");
        message.put("run_id", event.runId().toString());
        message.put("seq", event.seq());
        message.put("event", event.type());
        message.put("created_at", event.createdAt().toString()); // as SSE sends it: a client shows the same either way
        message.put("data", event.payload());
        String full = write(message);
        // JSON text is mostly ASCII: its length bounds the bytes from below; count exactly only near the limit
        if (full.length() * 3 <= MAX_FRAME_BYTES || full.getBytes(StandardCharsets.UTF_8).length <= MAX_FRAME_BYTES) {
            return full;
        }
        message.remove("data");
        message.put(REF, eventPath(event.runId(), event.seq()));
        return write(message);
    }

    public static String eventPath(RunId run, long seq) {
        return "/v2/runs/" + run + "/events/" + seq;
    }

    @Override
    public String end(RunId run) {
        ObjectNode node = json.createObjectNode().put("type", "end").put("run_id", run.toString());
        return write(node);
    }

    /** {@code {"type":"error","status","title","run_id"?}}; an unknown and another tenant's run get the same one. */
    public String error(int status, String title, String runId) {
        ObjectNode node = json.createObjectNode().put("type", "error").put("status", status).put("title", title);
        if (runId != null) {
            node.put("run_id", runId);
        }
        return write(node);
    }

    @Override
    public String expired() {
        return error(401, CREDENTIAL_EXPIRED, null);
    }

    public String pong() {
        return "{\"type\":\"pong\"}";
    }

    private String write(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a live message cannot be written as JSON", e);
        }
    }
}
