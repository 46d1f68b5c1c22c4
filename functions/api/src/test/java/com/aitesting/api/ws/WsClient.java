package com.aitesting.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ServerHandshake;

/** A third-party WebSocket client (Java-WebSocket) that queues the server's messages as JSON. */
final class WsClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CLOSED = JSON.createObjectNode().put("type", "__closed");

    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    /** When each message arrived (System.nanoTime), for latency figures. */
    private final Map<JsonNode, Long> arrivedAt = Collections.synchronizedMap(new IdentityHashMap<>());
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<Integer> handshakeStatus = new CompletableFuture<>();
    private final WebSocketClient client;

    private WsClient(URI uri, Map<String, String> headers) {
        client = new WebSocketClient(uri, headers) {
            @Override
            public void onOpen(ServerHandshake handshake) {
                handshakeStatus.complete((int) handshake.getHttpStatus());
            }

            @Override
            public void onMessage(String message) {
                long now = System.nanoTime();
                try {
                    JsonNode node = JSON.readTree(message);
                    arrivedAt.put(node, now);
                    messages.add(node);
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "__unparseable").put("text", message));
                }
            }

            @Override
            public void onMessage(ByteBuffer bytes) {
                messages.add(JSON.createObjectNode().put("type", "__binary"));
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                closeCode.complete(code);
                handshakeStatus.complete(-1);
                messages.add(CLOSED);
            }

            @Override
            public void onError(Exception ex) {
                // followed by onClose
            }
        };
        client.setConnectionLostTimeout(0);
    }

    /** Connects and waits for the handshake; the client may then be closed by the server at once (1008). */
    static WsClient connect(URI uri, Map<String, String> headers) throws InterruptedException {
        WsClient ws = new WsClient(uri, headers);
        ws.client.connectBlocking(10, TimeUnit.SECONDS);
        return ws;
    }

    /** System.nanoTime when {@code message} (one returned by {@link #next}) arrived. */
    long arrivedAt(JsonNode message) {
        return arrivedAt.get(message);
    }

    boolean isOpen() {
        return client.isOpen();
    }

    void send(String text) {
        client.send(text);
    }

    void sendBinary(byte[] bytes) {
        client.send(bytes);
    }

    void subscribe(Object runId, long after) {
        send("{\"action\":\"subscribe\",\"run_id\":\"" + runId + "\",\"after\":" + after + "}");
    }

    /** {@code text} as one message in fragments of {@code size} bytes (ASCII text: bytes and chars alike). */
    void sendFragments(String text, int size) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int from = 0; from < bytes.length && client.isOpen(); from += size) {
            int to = Math.min(bytes.length, from + size);
            // the library sends the first as TEXT and the rest as continuation frames
            try {
                client.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, ByteBuffer.wrap(bytes, from, to - from), to == bytes.length);
            } catch (WebsocketNotConnectedException closedMeanwhile) {
                return; // the server refused the message part way: its close code tells why
            }
        }
    }

    void unsubscribe(Object runId) {
        send("{\"action\":\"unsubscribe\",\"run_id\":\"" + runId + "\"}");
    }

    /** The next message, or null after the close or 10 s of silence. */
    JsonNode next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    JsonNode next(Duration wait) throws InterruptedException {
        JsonNode m = messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (m == CLOSED) {
            messages.add(CLOSED); // stays closed for later calls
            return null;
        }
        return m;
    }

    /** Messages up to and including the first that matches; fails after 10 s or at the close. */
    List<JsonNode> until(Predicate<JsonNode> last) throws InterruptedException {
        List<JsonNode> got = new ArrayList<>();
        while (true) {
            JsonNode m = next();
            if (m == null) {
                throw new AssertionError("no matching message before the close or 10 s; got " + got);
            }
            got.add(m);
            if (last.test(m)) {
                return got;
            }
        }
    }

    static Predicate<JsonNode> type(String type, Object runId) {
        return m -> type.equals(m.path("type").asText()) && (runId == null || runId.toString().equals(m.path("run_id").asText()));
    }

    int awaitClose() throws Exception {
        return closeCode.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        client.closeBlocking();
    }
}
