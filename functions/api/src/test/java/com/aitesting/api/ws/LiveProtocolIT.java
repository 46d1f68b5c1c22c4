package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamToken;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ws://.../v2/ws end to end: the real app on Netty, a real PostgreSQL (commit -> NOTIFY -> tail -> socket)
 * and a third-party client (Java-WebSocket).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LiveProtocolIT {
    static final String SECRET = "it-secret-it-secret-it-secret-it-secret!";
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static final Actor BOB = StreamTestApp.actor("t_bob");
    static StreamTestApp app;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of("STREAM_TOKEN_SECRET", SECRET));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static URI wsUri(String query) {
        return wsUri(app, query);
    }

    static URI wsUri(StreamTestApp on, String query) {
        return URI.create("ws://127.0.0.1:" + on.server.getPort() + "/v2/ws" + (query == null ? "" : "?" + query));
    }

    static WsClient connect(Actor actor) throws InterruptedException {
        WsClient ws = WsClient.connect(wsUri(null), StreamTestApp.headers(actor));
        assertThat(ws.isOpen()).as("the upgrade with dev headers is accepted").isTrue();
        return ws;
    }

    /** (seq, type, data) of every event message, in arrival order. */
    static List<String> events(List<JsonNode> messages) {
        return messages.stream().filter(WsClient.type("event", null)).map(m -> m.get("seq").asLong() + " " + m.get("event").asText()
                + " " + m.get("data")).toList();
    }

    static List<String> stored(Run run) {
        return app.stored(ALICE.tenant(), run.id()).stream().map(e -> e.seq() + " " + e.type() + " " + WsClient.JSON.valueToTree(e.payload())).toList();
    }

    @Test
    void aSubscriptionMidRunWithAfterPlusTheFirstPartEqualTheFullReplayAndEndFollowsTheTerminalEvent() throws Exception {
        Run run = app.queuedRun(ALICE);
        for (int p = 1; p <= 5; p++) {
            app.progress(ALICE.tenant(), run.id(), p);
        }
        List<JsonNode> first;
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(run.id(), 0);
            first = ws.until(m -> m.path("seq").asLong() == 4);
        }
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int p = 6; p <= 30; p++) {
                app.progress(ALICE.tenant(), run.id(), p);
                sleep(5);
            }
            app.complete(ALICE.tenant(), run.id());
        });
        List<JsonNode> second;
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(run.id(), 4);
            second = ws.until(WsClient.type("end", run.id()));
            producer.join();
            assertThat(ws.next(Duration.ofMillis(200))).as("nothing after end").isNull();
            assertThat(ws.isOpen()).as("the connection stays open after a run ends").isTrue();
        }
        List<String> union = new ArrayList<>(events(first));
        union.addAll(events(second));
        assertThat(union).isEqualTo(stored(run));
        JsonNode terminal = second.get(second.size() - 2);
        assertThat(terminal.get("event").asText()).isEqualTo("run.completed");
        assertThat(second.getLast()).isEqualTo(WsClient.JSON.readTree("{\"type\":\"end\",\"run_id\":\"" + run.id() + "\"}"));
        JsonNode event = second.getFirst();
        assertThat(event.fieldNames()).toIterable().containsExactly("type", "run_id", "seq", "event", "created_at", "data");
        assertThat(event.get("seq").asLong()).isEqualTo(5);
    }

    @Test
    void aHundredReconnectsWithAfterLoseAndRepeatNothing() throws Exception {
        Run run = app.queuedRun(ALICE);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200; i++) {
                app.progress(ALICE.tenant(), run.id(), i % 101);
                sleep(2);
            }
            app.complete(ALICE.tenant(), run.id());
        });
        List<JsonNode> received = new ArrayList<>();
        long after = 0;
        int connections = 0;
        boolean ended = false;
        while (!ended) {
            connections++;
            try (WsClient ws = connect(ALICE)) {
                ws.subscribe(run.id(), after);
                int take = connections <= 100 ? 1 + connections % 3 : Integer.MAX_VALUE; // then drop the connection mid-run
                while (take > 0) {
                    JsonNode m = ws.next();
                    assertThat(m).as("a message within 10 s on connection %d (closed: %s)", connections, ws.closeCode.getNow(null)).isNotNull();
                    if (WsClient.type("end", run.id()).test(m)) {
                        ended = true;
                        break;
                    }
                    assertThat(m.get("type").asText()).isEqualTo("event");
                    received.add(m);
                    after = m.get("seq").asLong();
                    take--;
                }
            }
        }
        producer.join();
        assertThat(connections).isGreaterThanOrEqualTo(100);
        assertThat(events(received)).isEqualTo(stored(run));
    }

    /** The SSE stream's rule (ResumePoint.hasAll): at or after the terminal event is end at once; past the head a 400. */
    @Test
    void aSubscribeAtTheTerminalEventEndsAtOnceAndOnePastTheLastEventIsA400ForThatRunOnly() throws Exception {
        Run finished = app.queuedRun(ALICE);
        long terminal = app.complete(ALICE.tenant(), finished.id()).seq();
        app.append(ALICE.tenant(), finished.id(), RunEventType.NOTIFICATION_FAILED, Map.of("channel", "slack")); // audit, after it
        Run live = app.queuedRun(ALICE);
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(live.id(), 0);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(1);
            for (long at : new long[] {terminal, terminal + 1}) {
                ws.subscribe(finished.id(), at);
                assertThat(ws.next()).as("after %d", at)
                        .isEqualTo(WsClient.JSON.readTree("{\"type\":\"end\",\"run_id\":\"" + finished.id() + "\"}"));
            }
            ws.subscribe(live.id(), 0);
            assertThat(ws.next().get("status").asInt()).as("the live run is still subscribed").isEqualTo(409);
            ws.subscribe(finished.id(), terminal + 2);
            JsonNode past = ws.next();
            assertThat(past.get("type").asText()).isEqualTo("error");
            assertThat(past.get("status").asInt()).isEqualTo(400);
            assertThat(past.get("run_id").asText()).isEqualTo(finished.id().toString());
            assertThat(past.get("title").asText()).contains("after").contains("past the run's last event (seq " + (terminal + 1) + ")");
            app.progress(ALICE.tenant(), live.id(), 50);
            assertThat(ws.next().get("seq").asLong()).as("the connection's other subscription goes on").isEqualTo(2);
        }
    }

    @Test
    void anotherTenantsRunAndAnUnknownRunGetTheSameErrorAndTheOtherSubscriptionsGoOn() throws Exception {
        Run alices = app.queuedRun(ALICE);
        Run bobs = app.queuedRun(BOB);
        try (WsClient ws = connect(BOB)) {
            ws.subscribe(bobs.id(), 0);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(1);
            ws.subscribe(alices.id(), 0);
            JsonNode foreign = ws.next();
            RunId unknown = RunId.random();
            ws.subscribe(unknown, 0);
            JsonNode missing = ws.next();
            ws.send("{\"action\":\"subscribe\",\"run_id\":\"not-a-run\"}");
            JsonNode malformed = ws.next();

            assertThat(foreign.get("status").asInt()).isEqualTo(404);
            assertThat(foreign.get("run_id").asText()).isEqualTo(alices.id().toString());
            assertThat(missing.get("run_id").asText()).isEqualTo(unknown.toString());
            assertThat(malformed.get("run_id").asText()).isEqualTo("not-a-run");
            for (JsonNode error : List.of(foreign, missing, malformed)) {
                assertThat(error.get("type").asText()).isEqualTo("error");
                assertThat(error.get("status").asInt()).isEqualTo(404);
                assertThat(error.get("title").asText()).isEqualTo(foreign.get("title").asText());
                assertThat(error.fieldNames()).toIterable().containsExactly("type", "status", "title", "run_id");
            }
            app.progress(BOB.tenant(), bobs.id(), 50);
            JsonNode live = ws.next();
            assertThat(live.get("run_id").asText()).isEqualTo(bobs.id().toString());
            assertThat(live.get("seq").asLong()).isEqualTo(2);
            app.progress(ALICE.tenant(), alices.id(), 50);
            assertThat(ws.next(Duration.ofMillis(300))).as("nothing of the other tenant's run").isNull();
        }
    }

    @Test
    void severalRunsOnOneConnectionEachInOrderAndUnsubscribeStopsOnlyThatRun() throws Exception {
        Run a = app.queuedRun(ALICE);
        Run b = app.queuedRun(ALICE);
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(a.id(), 0);
            ws.subscribe(b.id(), 0);
            List<JsonNode> got = new ArrayList<>();
            got.add(ws.next());
            got.add(ws.next());
            for (int p = 1; p <= 10; p++) {
                app.progress(ALICE.tenant(), a.id(), p);
                app.progress(ALICE.tenant(), b.id(), p);
            }
            while (got.size() < 22) {
                got.add(ws.next());
            }
            for (Run run : List.of(a, b)) {
                assertThat(got.stream().filter(m -> m.get("run_id").asText().equals(run.id().toString())).map(m -> m.get("seq").asLong()))
                        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
            }
            ws.unsubscribe(a.id());
            ws.send("{\"action\":\"ping\"}");
            assertThat(ws.next().get("type").asText()).isEqualTo("pong"); // the unsubscribe was handled before
            app.progress(ALICE.tenant(), a.id(), 99);
            app.progress(ALICE.tenant(), b.id(), 99);
            JsonNode next = ws.next();
            assertThat(next.get("run_id").asText()).isEqualTo(b.id().toString());
            assertThat(ws.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void badFramesGetErrorsAndTheSubscriptionGoesOn() throws Exception {
        Run run = app.queuedRun(ALICE);
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(run.id(), 0);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(1);
            for (String bad : List.of("not json", "[1,2]", "{}", "{\"action\":\"dance\"}", "{\"action\":7}",
                    "{\"action\":\"subscribe\"}", "{\"action\":\"subscribe\",\"run_id\":\"" + run.id() + "\",\"after\":-1}",
                    "{\"action\":\"subscribe\",\"run_id\":\"" + run.id() + "\",\"after\":\"3\"}",
                    "{\"action\":\"ping\",\"extra\":true}", "null")) {
                ws.send(bad);
                JsonNode error = ws.next();
                assertThat(error.get("type").asText()).as(bad).isEqualTo("error");
                assertThat(error.get("status").asInt()).as(bad).isEqualTo(400);
            }
            ws.subscribe(run.id(), 0);
            assertThat(ws.next().get("status").asInt()).as("already subscribed").isEqualTo(409);
            // the same run in upper case is the same subscription, not a second one replaying the backlog
            ws.send("{\"action\":\"subscribe\",\"run_id\":\"" + run.id().toString().toUpperCase(java.util.Locale.ROOT) + "\",\"after\":0}");
            JsonNode upper = ws.next();
            assertThat(upper.get("status").asInt()).as("already subscribed, in upper case").isEqualTo(409);
            assertThat(upper.get("run_id").asText()).isEqualTo(run.id().toString());
            app.progress(ALICE.tenant(), run.id(), 10);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void subscriptionsBeyondTheBoundAreRefusedAndTheFirstOnesGoOn() throws Exception {
        Run run = app.queuedRun(ALICE);
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(run.id(), 0);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(1);
            int refused = 0;
            int notFound = 0;
            for (int i = 0; i < 1000; i++) {
                ws.subscribe(RunId.random(), 0);
            }
            for (int i = 0; i < 1000; i++) {
                JsonNode m = ws.next();
                if (m.get("status").asInt() == 429) {
                    refused++;
                } else if (m.get("status").asInt() == 404) {
                    notFound++;
                }
            }
            // unknown runs free their slot once refused, so how many of them meet the bound depends on timing;
            // every one is answered either way
            assertThat(refused + notFound).isEqualTo(1000);
            // runs that exist hold their slots: with the bound reached, one more is refused whatever the timing
            for (int i = 1; i < LiveMessages.MAX_SUBSCRIPTIONS; i++) {
                ws.subscribe(app.queuedRun(ALICE).id(), 0);
            }
            for (int i = 1; i < LiveMessages.MAX_SUBSCRIPTIONS; i++) {
                assertThat(ws.next().path("type").asText()).as("the backlog of held run %d", i).isEqualTo("event");
            }
            Run beyond = app.queuedRun(ALICE);
            ws.subscribe(beyond.id(), 0);
            JsonNode refusal = ws.next();
            assertThat(refusal.get("status").asInt()).isEqualTo(429);
            assertThat(refusal.get("run_id").asText()).isEqualTo(beyond.id().toString());
            app.progress(ALICE.tenant(), run.id(), 10);
            assertThat(ws.until(m -> m.path("type").asText().equals("event")).getLast().get("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009AndOtherConnectionsAreUnaffected() throws Exception {
        // large enough that the server has not read it all when it refuses it: the 1009 must still arrive
        assertClosesOnlyItself(1009, ws -> ws.send("{\"action\":\"ping\",\"pad\":\""
                + "x".repeat(8 * LiveMessages.MAX_CLIENT_MESSAGE_BYTES) + "\"}"));
    }

    @Test
    void aBinaryFrameClosesWith1003AndOtherConnectionsAreUnaffected() throws Exception {
        // a command that would be valid as text: the protocol is text frames
        WsClient closed = assertClosesOnlyItself(1003, ws -> ws.sendBinary("{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(closed.messages).noneMatch(m -> m.path("type").asText().equals("pong"));
    }

    @Test
    void aMessageOverTheLimitInSmallFragmentsClosesWith1009Too() throws Exception {
        assertClosesOnlyItself(1009, ws -> {
            // fragments under the per-frame limit are joined into one message: a small one is still answered
            ws.sendFragments("{\"action\":\"ping\"}", 4);
            assertThat(ws.next().get("type").asText()).isEqualTo("pong");
            String big = "{\"action\":\"ping\",\"pad\":\"" + "x".repeat(LiveMessages.MAX_CLIENT_MESSAGE_BYTES * 4) + "\"}";
            ws.sendFragments(big, LiveMessages.MAX_CLIENT_MESSAGE_BYTES / 2);
        });
    }

    interface WsAction {
        void on(WsClient ws) throws Exception;
    }

    /** What {@code send} does closes its connection with {@code code}; another one of the same tenant goes on. */
    private WsClient assertClosesOnlyItself(int code, WsAction send) throws Exception {
        Run run = app.queuedRun(ALICE);
        try (WsClient other = connect(ALICE); WsClient ws = connect(ALICE)) {
            other.subscribe(run.id(), 0);
            assertThat(other.next().get("seq").asLong()).isEqualTo(1);
            send.on(ws);
            assertThat(ws.awaitClose()).isEqualTo(code);
            app.progress(ALICE.tenant(), run.id(), 10);
            assertThat(other.next().get("seq").asLong()).isEqualTo(2);
            return ws;
        }
    }

    @Test
    void streamTokensOpenTheirRunOnlyAndExpiredTamperedOrMissingCredentialsAreRefused() throws Exception {
        Run run = app.queuedRun(ALICE);
        Run other = app.queuedRun(ALICE);
        StreamTokens tokens = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.systemUTC());
        String token = tokens.issue(ALICE.tenant(), run.id()).value();
        try (WsClient ws = WsClient.connect(wsUri("stream_token=" + token), Map.of())) {
            ws.subscribe(other.id(), 0);
            JsonNode refused = ws.next();
            assertThat(refused.get("status").asInt()).isEqualTo(404);
            assertThat(refused.get("title").asText()).isEqualTo(LiveMessages.NOT_FOUND);
            ws.subscribe(run.id(), 0);
            assertThat(ws.next().get("seq").asLong()).isEqualTo(1);
        }
        // a token of ALICE's run cannot be used for BOB's run even by someone who holds both
        Run bobs = app.queuedRun(BOB);
        try (WsClient ws = WsClient.connect(wsUri("stream_token=" + token), Map.of())) {
            ws.subscribe(bobs.id(), 0);
            assertThat(ws.next().get("status").asInt()).isEqualTo(404);
        }
        String expired = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC)).issue(ALICE.tenant(), run.id()).value();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        String foreignKey = new StreamTokens(StreamTokens.randomKey(), Duration.ofMinutes(5), Clock.systemUTC())
                .issue(ALICE.tenant(), run.id()).value();
        for (String bad : List.of(expired, tampered, foreignKey, "garbage")) {
            try (WsClient ws = WsClient.connect(wsUri("stream_token=" + bad), Map.of())) {
                assertThat(ws.awaitClose()).as(bad).isEqualTo(1008);
            }
        }
        WsClient anonymous = WsClient.connect(wsUri(null), Map.of());
        assertThat(anonymous.isOpen()).as("no credentials: the upgrade is refused").isFalse();
        anonymous.close();
    }

    /**
     * A connection opened with a stream token is cut when the token expires (a paused run would otherwise
     * feed it forever): the 401 error, then 1008; a dev-header connection (no expiry) on the same run stays.
     */
    @Test
    void aStreamTokenConnectionGetsA401AndIsClosedWith1008AtTheTokensExpiryWhileADevHeaderOneStays() throws Exception {
        Run run = app.queuedRun(ALICE);
        StreamToken token = StreamTestApp.tokenExpiringSoon(SECRET, ALICE.tenant(), run.id());
        try (WsClient byToken = WsClient.connect(wsUri("stream_token=" + token.value()), Map.of()); WsClient byHeaders = connect(ALICE)) {
            byToken.subscribe(run.id(), 0);
            byHeaders.subscribe(run.id(), 0);
            assertThat(byToken.next().get("seq").asLong()).isEqualTo(1);
            assertThat(byHeaders.next().get("seq").asLong()).isEqualTo(1);

            JsonNode expired = byToken.next(Duration.ofSeconds(5));
            Instant at = Instant.now();
            assertThat(expired).as("a message at the expiry").isNotNull();
            assertThat(expired).isEqualTo(WsClient.JSON.readTree(
                    "{\"type\":\"error\",\"status\":401,\"title\":\"" + LiveMessages.CREDENTIAL_EXPIRED + "\"}"));
            assertThat(at).as("not before the token expired").isAfterOrEqualTo(token.expiresAt().minusMillis(50));
            assertThat(byToken.awaitClose()).isEqualTo(1008);

            app.progress(ALICE.tenant(), run.id(), 40);
            assertThat(byHeaders.next().get("seq").asLong()).as("the dev-header connection goes on").isEqualTo(2);
            assertThat(byHeaders.isOpen()).isTrue();
        }
        try (WsClient again = WsClient.connect(wsUri("stream_token=" + token.value()), Map.of())) {
            assertThat(again.awaitClose()).as("the expired token opens nothing").isEqualTo(1008);
        }
    }

    @Test
    void anEventOverTheFrameLimitIsSentAsAReferenceThatFetchesIt() throws Exception {
        Run run = app.queuedRun(ALICE);
        String big = "y".repeat(LiveMessages.MAX_FRAME_BYTES + 1000);
        RunEvent stored = app.append(ALICE.tenant(), run.id(), "step.progress", Map.of("percent", 5, "message", big));
        try (WsClient ws = connect(ALICE)) {
            ws.subscribe(run.id(), 1);
            JsonNode ref = ws.next();
            assertThat(ref.get("seq").asLong()).isEqualTo(stored.seq());
            assertThat(ref.has("data")).isFalse();
            assertThat(ref.get("ref").asText()).isEqualTo("/v2/runs/" + run.id() + "/events/" + stored.seq());
            HttpRequest.Builder get = HttpRequest.newBuilder(app.uri(ref.get("ref").asText()));
            StreamTestApp.headers(ALICE).forEach(get::header);
            HttpResponse<String> fetched = HTTP.send(get.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fetched.statusCode()).isEqualTo(200);
            JsonNode body = WsClient.JSON.readTree(fetched.body());
            assertThat(body.get("seq").asLong()).isEqualTo(stored.seq());
            assertThat(body.get("payload").get("message").asText()).isEqualTo(big);

            HttpRequest.Builder foreign = HttpRequest.newBuilder(app.uri(ref.get("ref").asText()));
            StreamTestApp.headers(BOB).forEach(foreign::header);
            assertThat(HTTP.send(foreign.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            HttpRequest.Builder beyond = HttpRequest.newBuilder(app.uri("/v2/runs/" + run.id() + "/events/999"));
            StreamTestApp.headers(ALICE).forEach(beyond::header);
            assertThat(HTTP.send(beyond.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    /**
     * The shared wire bytes go only to a socket without extensions: with permessage-deflate agreed, the
     * event frames still pass the extension's encoder (RSV1 set: compressed); without, they are plain
     * FIN text frames. Raw socket, so the frame bits themselves are checked.
     */
    @Test
    void withPermessageDeflateEventFramesAreCompressedAndWithoutItPlainText() throws Exception {
        Run run = app.queuedRun(ALICE);
        for (boolean deflate : new boolean[] {true, false}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.server.getPort())) {
                socket.setSoTimeout(10_000);
                var in = new java.io.DataInputStream(socket.getInputStream());
                var out = socket.getOutputStream();
                StringBuilder upgrade = new StringBuilder("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
                StreamTestApp.headers(ALICE).forEach((name, value) -> upgrade.append(name).append(": ").append(value).append("\r\n"));
                if (deflate) {
                    upgrade.append("Sec-WebSocket-Extensions: permessage-deflate\r\n");
                }
                out.write(upgrade.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.readUnsignedByte());
                }
                assertThat(head).startsWith("HTTP/1.1 101");
                assertThat(head.toString().toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate")).as("extension agreed").isEqualTo(deflate);
                byte[] subscribe = ("{\"action\":\"subscribe\",\"run_id\":\"" + run.id() + "\",\"after\":0}").getBytes(StandardCharsets.UTF_8);
                byte[] frame = new byte[6 + subscribe.length]; // FIN text, masked with a zero key (allowed: the key is the client's choice)
                frame[0] = (byte) 0x81;
                frame[1] = (byte) (0x80 | subscribe.length);
                System.arraycopy(subscribe, 0, frame, 6, subscribe.length);
                out.write(frame);
                int b0 = in.readUnsignedByte();
                int length = in.readUnsignedByte();
                assertThat(length & 0x80).as("server frames are not masked").isZero();
                byte[] payload = new byte[length & 0x7f];
                if ((length & 0x7f) == 126) {
                    payload = new byte[in.readUnsignedShort()];
                }
                in.readFully(payload);
                if (deflate) {
                    assertThat(b0).as("FIN, RSV1 (compressed), text").isEqualTo(0xC1);
                } else {
                    assertThat(b0).as("FIN, text, no RSV bits").isEqualTo(0x81);
                    assertThat(new String(payload, StandardCharsets.UTF_8)).startsWith("{\"type\":\"event\"").contains("\"seq\":1");
                }
            }
        }
    }

    /** A WebSocket opened on a raw socket, to read and write frame bits themselves. */
    record RawSocket(java.net.Socket socket, java.io.DataInputStream in) implements AutoCloseable {
        static RawSocket open(String query, Map<String, String> headers) throws Exception {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", app.server.getPort());
            socket.setSoTimeout(10_000);
            var in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder upgrade = new StringBuilder("GET /v2/ws" + (query == null ? "" : "?" + query) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> upgrade.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(upgrade.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head).startsWith("HTTP/1.1 101");
            return new RawSocket(socket, in);
        }

        /** A FIN frame of {@code opcode}, masked with a zero key (allowed: the key is the client's choice). */
        void send(int opcode, byte[] payload) throws java.io.IOException {
            byte[] frame = new byte[6 + payload.length];
            frame[0] = (byte) (0x80 | opcode);
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(payload, 0, frame, 6, payload.length);
            socket.getOutputStream().write(frame);
        }

        /** The code of the close frame the server sends next. */
        int closeCode() throws java.io.IOException {
            assertThat(in.readUnsignedByte()).as("FIN, close").isEqualTo(0x88);
            byte[] payload = new byte[in.readUnsignedByte()];
            in.readFully(payload);
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    /**
     * A client's close is answered with a close frame carrying its code (RFC 6455 §5.5.1) before TCP closes, so
     * the client's close is a clean one. Raw socket: a client library reports its own code either way.
     */
    @Test
    void aClientsCloseIsAnsweredWithItsCodeBeforeTheConnectionCloses() throws Exception {
        try (RawSocket ws = RawSocket.open(null, StreamTestApp.headers(ALICE))) {
            ws.send(0x8, new byte[] {0x0f, (byte) 0xa0}); // close, code 4000
            assertThat(ws.closeCode()).isEqualTo(4000);
        }
    }

    /**
     * A refused token is a 1008 close that waits for the client's own close, as a refused message does: closing
     * TCP at once could reset a client that sent a frame right after the upgrade, losing the 1008.
     */
    @Test
    void aRefusedTokenClosesWith1008AndWaitsForTheClientsClose() throws Exception {
        try (RawSocket ws = RawSocket.open("stream_token=garbage", Map.of())) {
            ws.send(0x1, "{\"action\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.closeCode()).isEqualTo(1008);
            ws.socket().setSoTimeout(500);
            assertThatThrownBy(() -> ws.in().read()).as("still open for the client's close")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            ws.socket().setSoTimeout(10_000);
            ws.send(0x8, new byte[] {0x03, (byte) 0xf0}); // close, 1008
            assertThat(ws.in().read()).as("then the server closes").isEqualTo(-1);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
