package com.aitesting.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamToken;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /v2/runs/{id}/events over real HTTP against the real app and a real PostgreSQL (LISTEN/NOTIFY tail). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunEventStreamIT {
    static final String SECRET = "it-secret-it-secret-it-secret-it-secret!";
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static final Actor BOB = StreamTestApp.actor("t_bob");
    static final ObjectMapper JSON = new ObjectMapper();

    static StreamTestApp app;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of(
                "STREAM_KEEPALIVE_MS", "250",
                "STREAM_STALL_MS", "1500",
                "STREAM_TOKEN_SECRET", SECRET));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aLiveRunIsStreamedFromItsFirstToItsTerminalEventInSeqOrderThenTheStreamEnds() throws Exception {
        Run run = app.queuedRun(ALICE);
        try (SseClient client = SseClient.open(app.eventsUri(run.id(), null),
                withGzip(StreamTestApp.headers(ALICE)))) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            assertThat(client.response.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(client.response.headers().firstValue("x-accel-buffering")).hasValue("no");
            assertThat(client.response.headers().firstValue("content-encoding")).isEmpty();

            SseClient.Frame first = client.next();
            assertThat(first.retry()).as("a retry: hint comes first").isEqualTo(3000L);

            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int p = 10; p <= 100; p += 10) {
                    app.progress(ALICE.tenant(), run.id(), p);
                    sleep(20);
                }
                app.complete(ALICE.tenant(), run.id());
            });
            List<SseClient.Frame> events = client.remainingEvents();
            producer.join();

            assertSameAsStored(events, app.stored(ALICE.tenant(), run.id()));
            assertThat(events.getLast().type()).isEqualTo("run.completed");
            Map<String, Object> data = JSON.readValue(events.get(1).data(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
            assertThat(data.keySet()).containsExactly("run_id", "seq", "type", "created_at", "payload");
            assertThat(data.get("seq")).isEqualTo(2);
            assertThat(data.get("payload")).isEqualTo(Map.of("percent", 10, "message", "step 10"));
        }
    }

    /**
     * A resume at the terminal event is what an EventSource sends after the server closed the stream: 204 is
     * the answer that makes it stop (HTML spec); an empty 200 had it reconnect every retry interval, forever.
     */
    @Test
    void aFinishedRunIsReplayedAndClosedAtOnceAndAResumeAtItsTerminalEventIs204() throws Exception {
        Run run = app.queuedRun(ALICE);
        app.progress(ALICE.tenant(), run.id(), 50);
        RunEvent terminal = app.complete(ALICE.tenant(), run.id());
        try (SseClient client = SseClient.open(app.eventsUri(run.id(), null), StreamTestApp.headers(ALICE))) {
            assertSameAsStored(client.remainingEvents(), app.stored(ALICE.tenant(), run.id()));
        }
        Map<String, String> resume = new HashMap<>(StreamTestApp.headers(ALICE));
        resume.put("Last-Event-ID", String.valueOf(terminal.seq()));
        HttpResponse<String> atTheEnd = get(app.eventsUri(run.id(), null), resume);
        assertThat(atTheEnd.statusCode()).isEqualTo(204);
        assertThat(atTheEnd.body()).isEmpty();
        assertThat(get(app.eventsUri(run.id(), "after=" + terminal.seq()), StreamTestApp.headers(ALICE)).statusCode()).isEqualTo(204);
        try (SseClient client = SseClient.open(app.eventsUri(run.id(), "after=" + (terminal.seq() - 1)), StreamTestApp.headers(ALICE))) {
            assertThat(client.remainingEvents()).extracting(SseClient.Frame::type).containsExactly(terminal.type());
        }
    }

    /** A seq the run never had: streaming from there would skip every event up to it without a word. */
    @Test
    void aResumePointPastTheRunsLastEventIsA400NamingItsSource() throws Exception {
        Run run = app.queuedRun(ALICE);
        long head = app.progress(ALICE.tenant(), run.id(), 10).seq();
        HttpResponse<String> pastAfter = get(app.eventsUri(run.id(), "after=" + (head + 1)), StreamTestApp.headers(ALICE));
        assertProblem(pastAfter, 400, "validation");
        assertThat(pastAfter.body()).contains("after").contains("past the run's last event (seq " + head + ")");
        Map<String, String> headers = new HashMap<>(StreamTestApp.headers(ALICE));
        headers.put("Last-Event-ID", "999");
        HttpResponse<String> pastHeader = get(app.eventsUri(run.id(), "after=0"), headers);
        assertProblem(pastHeader, 400, "validation");
        assertThat(pastHeader.body()).contains("Last-Event-ID");
        try (SseClient client = SseClient.open(app.eventsUri(run.id(), "after=" + head), StreamTestApp.headers(ALICE))) {
            app.complete(ALICE.tenant(), run.id());
            assertThat(client.remainingEvents()).as("at the head of a live run: the stream waits for what comes next")
                    .extracting(SseClient.Frame::type).containsExactly("run.completed");
        }
    }

    @Test
    void reconnectingWithLastEventIdOrAfterRepeatedlyLosesAndRepeatsNothing() throws Exception {
        Run run = app.queuedRun(ALICE);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 150; i++) {
                app.progress(ALICE.tenant(), run.id(), i % 101);
                sleep(3);
            }
            app.complete(ALICE.tenant(), run.id());
        });
        List<SseClient.Frame> received = new ArrayList<>();
        String lastId = null;
        int connections = 0;
        boolean ended = false;
        while (!ended) {
            connections++;
            Map<String, String> headers = new HashMap<>(StreamTestApp.headers(ALICE));
            String query = null;
            if (lastId != null && connections % 2 == 0) {
                headers.put("Last-Event-ID", lastId);
                query = "after=0"; // the header wins over a stale ?after (EventSource keeps its URL)
            } else if (lastId != null) {
                query = "after=" + lastId;
            }
            try (SseClient client = SseClient.open(app.eventsUri(run.id(), query), headers)) {
                int take = 7 + connections % 5; // then drop the connection mid-run
                for (SseClient.Frame f = client.next(); f != null; f = client.next()) {
                    if (f.data() == null || f.isComment()) {
                        continue;
                    }
                    received.add(f);
                    lastId = f.id();
                    if (f.type().equals("run.completed")) {
                        ended = true;
                        break;
                    }
                    if (--take == 0) {
                        break;
                    }
                }
            }
        }
        producer.join();
        assertThat(connections).isGreaterThan(10);
        assertSameAsStored(received, app.stored(ALICE.tenant(), run.id()));
    }

    @Test
    void anInvalidResumePointIsA400ProblemBeforeAnyStream() throws Exception {
        Run run = app.queuedRun(ALICE);
        HttpResponse<String> badAfter = get(app.eventsUri(run.id(), "after=-1"), StreamTestApp.headers(ALICE));
        assertProblem(badAfter, 400, "validation");
        Map<String, String> headers = new HashMap<>(StreamTestApp.headers(ALICE));
        headers.put("Last-Event-ID", "abc");
        assertProblem(get(app.eventsUri(run.id(), null), headers), 400, "validation");
        assertProblem(get(app.eventsUri(run.id(), "after=+3"), StreamTestApp.headers(ALICE)), 400, "validation");
        // two positions: refused like a repeated ?after, not read as the first
        HttpRequest.Builder twice = HttpRequest.newBuilder(app.eventsUri(run.id(), null)).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "33").header("Last-Event-ID", "5").timeout(Duration.ofSeconds(10));
        StreamTestApp.headers(ALICE).forEach(twice::header);
        HttpResponse<String> repeated = SseClient.HTTP.send(twice.build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(repeated, 400, "validation");
        assertThat(repeated.body()).contains("Last-Event-ID");
    }

    @Test
    void anotherTenantsRunAndAMissingRunAre404ProblemsWithNoStream() throws Exception {
        Run run = app.queuedRun(ALICE);
        assertProblem(get(app.eventsUri(run.id(), null), StreamTestApp.headers(BOB)), 404, "not-found");
        assertProblem(get(app.eventsUri(RunId.random(), null), StreamTestApp.headers(ALICE)), 404, "not-found");
        assertProblem(get(app.uri("/v2/runs/not-a-uuid/events"), StreamTestApp.headers(ALICE)), 404, "not-found");
        assertProblem(post(app.uri("/v2/runs/" + run.id() + "/stream-token"), StreamTestApp.headers(BOB)), 404, "not-found");
        assertProblem(get(app.eventsUri(run.id(), null), Map.of()), 401, "unauthorized");
    }

    @Test
    void aStreamTokenOpensOnlyItsRunWithoutHeadersUntilItExpires() throws Exception {
        Run run = app.queuedRun(ALICE);
        Run other = app.queuedRun(ALICE);
        HttpResponse<String> issued = post(app.uri("/v2/runs/" + run.id() + "/stream-token"), StreamTestApp.headers(ALICE));
        assertThat(issued.statusCode()).isEqualTo(200);
        Map<?, ?> body = JSON.readValue(issued.body(), Map.class);
        String token = (String) body.get("token");
        Instant expiresAt = Instant.parse((String) body.get("expires_at"));
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
        assertThat((String) body.get("events_url")).isEqualTo("/v2/runs/" + run.id() + "/events?stream_token=" + token);
        assertThat((String) body.get("websocket_url")).as("this server offers the WebSocket").isEqualTo("/v2/ws?stream_token=" + token);

        app.complete(ALICE.tenant(), run.id());
        try (SseClient client = SseClient.open(app.uri((String) body.get("events_url")), Map.of())) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertSameAsStored(client.remainingEvents(), app.stored(ALICE.tenant(), run.id()));
        }
        // HEAD answers as GET does, without the body, with the token as with the headers
        HttpResponse<String> head = SseClient.HTTP.send(HttpRequest.newBuilder(app.uri((String) body.get("events_url")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(head.body()).isEmpty();

        assertProblem(get(app.eventsUri(other.id(), "stream_token=" + token), Map.of()), 401, "unauthorized");
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertProblem(get(app.eventsUri(run.id(), "stream_token=" + tampered), Map.of()), 401, "unauthorized");
        assertProblem(get(app.eventsUri(run.id(), "stream_token=garbage"), Map.of()), 401, "unauthorized");
        Clock sixMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(6)), ZoneOffset.UTC);
        String expired = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), sixMinutesAgo)
                .issue(ALICE.tenant(), run.id()).value();
        HttpResponse<String> expiredResponse = get(app.eventsUri(run.id(), "stream_token=" + expired), Map.of());
        assertProblem(expiredResponse, 401, "unauthorized");
        assertThat(expiredResponse.body()).contains("expired");
        // a genuine token of a run that is no longer visible to its tenant (here: another tenant's token for it)
        String bobsToken = new StreamTokens(SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), Clock.systemUTC())
                .issue(BOB.tenant(), run.id()).value();
        assertProblem(get(app.eventsUri(run.id(), "stream_token=" + bobsToken), Map.of()), 404, "not-found");
    }

    /**
     * A stream opened with a token ends when the token expires, not when the run does (a paused run never
     * would): the response completes, and the EventSource's reconnect with the same token is a 401.
     */
    @Test
    void aStreamOpenedWithAStreamTokenEndsWhenTheTokenExpiresAndTheReconnectWithItIsA401() throws Exception {
        Run run = app.queuedRun(ALICE);
        StreamToken token = StreamTestApp.tokenExpiringSoon(SECRET, ALICE.tenant(), run.id());
        try (SseClient byToken = SseClient.open(app.eventsUri(run.id(), "stream_token=" + token.value()), Map.of());
             SseClient byHeaders = SseClient.open(app.eventsUri(run.id(), null), StreamTestApp.headers(ALICE))) {
            assertThat(byToken.response.statusCode()).isEqualTo(200);
            List<SseClient.Frame> events = new ArrayList<>();
            for (SseClient.Frame f = byToken.next(); f != null; f = byToken.next()) {
                if (f.data() != null && !f.isComment()) {
                    events.add(f);
                }
            }
            Instant ended = Instant.now();
            assertThat(ended).as("the stream ended at the token's expiry").isBetween(token.expiresAt().minusMillis(50),
                    token.expiresAt().plusMillis(1500));
            assertThat(events).extracting(SseClient.Frame::id).containsExactly("1");

            // the run goes on: a stream opened with headers (no expiry) still gets its events
            app.progress(ALICE.tenant(), run.id(), 50);
            List<String> ids = new ArrayList<>();
            for (SseClient.Frame f = byHeaders.next(); ids.size() < 2 && f != null; f = byHeaders.next()) {
                if (f.data() != null && !f.isComment()) {
                    ids.add(f.id());
                }
            }
            assertThat(ids).containsExactly("1", "2");
        }
        HttpResponse<String> reconnect = get(app.eventsUri(run.id(), "stream_token=" + token.value()), Map.of("Last-Event-ID", "1"));
        assertProblem(reconnect, 401, "unauthorized");
        assertThat(reconnect.body()).contains("expired");
    }

    @Test
    void aStreamTokenWhoseFirstPartNoBase64CanEncodeIs401NotA500() throws Exception {
        Run run = app.queuedRun(ALICE);
        app.complete(ALICE.tenant(), run.id());
        // shaped like a token, but a part of 4n+1 characters does not decode
        for (String token : List.of("A." + "A".repeat(43), "AAAAA." + "A".repeat(43))) {
            HttpResponse<String> stream = get(app.eventsUri(run.id(), "stream_token=" + token), Map.of());
            assertProblem(stream, 401, "unauthorized");
            assertThat(stream.body()).contains("malformed");
            HttpResponse<String> event = SseClient.HTTP.send(HttpRequest.newBuilder(app.uri("/v2/runs/" + run.id() + "/events/1?stream_token="
                    + token)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertProblem(event, 401, "unauthorized");
            assertThat(event.body()).contains("malformed");
        }
    }

    @Test
    void anIdleStreamCarriesKeepAliveCommentLinesAtTheConfiguredInterval() {
        Run run = app.queuedRun(ALICE);
        try (SseClient client = SseClient.open(app.eventsUri(run.id(), null), StreamTestApp.headers(ALICE))) {
            long start = System.nanoTime();
            List<SseClient.Frame> comments = new ArrayList<>();
            while (comments.size() < 3) {
                SseClient.Frame f = client.next();
                if (f.isComment()) {
                    comments.add(f);
                } else {
                    assertThat(f.data() == null || f.id().equals("1")).isTrue();
                }
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(comments).allSatisfy(c -> assertThat(c.data()).isEqualTo("keep-alive"));
            assertThat(elapsedMs).isBetween(500L, 3_000L);
        }
    }

    @Test
    void threeHundredSubscribersToOneRunAndThreeHundredAcrossFiftyRunsAllReceiveEveryEvent() throws Exception {
        Run shared = app.queuedRun(ALICE);
        List<Run> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            many.add(app.queuedRun(i % 2 == 0 ? ALICE : BOB));
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<List<SseClient.Frame>>> sharedSubscribers = new ArrayList<>();
            List<CompletableFuture<List<SseClient.Frame>>> manySubscribers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sharedSubscribers.add(subscribe(threads, shared.id(), ALICE));
                Run r = many.get(i % 50);
                manySubscribers.add(subscribe(threads, r.id(), tenantOf(r)));
            }
            sleep(500); // most are connected; the rest catch up by replay, which is the point of the design
            for (int p = 1; p <= 20; p++) {
                app.progress(ALICE.tenant(), shared.id(), p);
                for (Run r : many) {
                    if (p % 10 == 0) {
                        app.progress(r.tenant(), r.id(), p);
                    }
                }
            }
            app.complete(ALICE.tenant(), shared.id());
            many.forEach(r -> app.complete(r.tenant(), r.id()));

            List<RunEvent> sharedStored = app.stored(ALICE.tenant(), shared.id());
            for (CompletableFuture<List<SseClient.Frame>> s : sharedSubscribers) {
                assertSameAsStored(s.get(30, TimeUnit.SECONDS), sharedStored);
            }
            for (int i = 0; i < 300; i++) {
                Run r = many.get(i % 50);
                assertSameAsStored(manySubscribers.get(i).get(30, TimeUnit.SECONDS), app.stored(r.tenant(), r.id()));
            }
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedAndDoesNotHoldBackTheOthers() throws Exception {
        Run run = app.queuedRun(ALICE);
        SseClient slow = SseClient.open(app.eventsUri(run.id(), null), StreamTestApp.headers(ALICE));
        slow.next(); // retry hint, then it stops reading
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<List<SseClient.Frame>>> fast = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fast.add(subscribe(threads, run.id(), ALICE));
            }
            String filler = "x".repeat(4096);
            for (int batch = 0; batch < 40; batch++) { // ~16 MB: more than the loopback socket buffers hold
                app.transactions.inTenant(ALICE.tenant(), () -> {
                    for (int i = 0; i < 100; i++) {
                        app.events.append(run.id(), new com.aitesting.core.run.NewRunEvent("step.progress",
                                Map.of("percent", 50, "message", filler), java.util.UUID.randomUUID().toString()));
                    }
                });
            }
            app.complete(ALICE.tenant(), run.id());
            List<RunEvent> stored = app.stored(ALICE.tenant(), run.id());
            for (CompletableFuture<List<SseClient.Frame>> f : fast) {
                assertSameAsStored(f.get(40, TimeUnit.SECONDS), stored);
            }
            sleep(2_000); // past STREAM_STALL_MS with frames waiting: the server gives up on it
            List<SseClient.Frame> slowEvents = CompletableFuture.supplyAsync(slow::remainingEvents, threads).get(20, TimeUnit.SECONDS);
            assertThat(slowEvents).as("the slow stream ended before the terminal event").isNotEmpty()
                    .last().extracting(SseClient.Frame::type).isNotEqualTo("run.completed");
            assertThat(slowEvents.size()).isLessThan(stored.size());
            // and it resumes where it was cut, with nothing lost or repeated
            Map<String, String> resume = new HashMap<>(StreamTestApp.headers(ALICE));
            resume.put("Last-Event-ID", slowEvents.getLast().id());
            try (SseClient again = SseClient.open(app.eventsUri(run.id(), null), resume)) {
                List<SseClient.Frame> all = new ArrayList<>(slowEvents);
                all.addAll(again.remainingEvents());
                assertSameAsStored(all, stored);
            }
        } finally {
            slow.close();
        }
    }

    private static CompletableFuture<List<SseClient.Frame>> subscribe(ExecutorService threads, RunId run, Actor actor) {
        return CompletableFuture.supplyAsync(() -> {
            try (SseClient c = SseClient.open(app.eventsUri(run, null), StreamTestApp.headers(actor))) {
                assertThat(c.response.statusCode()).isEqualTo(200);
                return c.remainingEvents();
            }
        }, threads);
    }

    private static Actor tenantOf(Run run) {
        return run.tenant().equals(ALICE.tenant()) ? ALICE : BOB;
    }

    static void assertSameAsStored(List<SseClient.Frame> received, List<RunEvent> stored) {
        Set<String> ids = new LinkedHashSet<>();
        received.forEach(f -> assertThat(ids.add(f.id())).as("duplicate id %s", f.id()).isTrue());
        assertThat(received).extracting(SseClient.Frame::id)
                .containsExactlyElementsOf(stored.stream().map(e -> String.valueOf(e.seq())).toList());
        assertThat(received).extracting(SseClient.Frame::type)
                .containsExactlyElementsOf(stored.stream().map(RunEvent::type).toList());
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        Map<?, ?> problem = JSON.readValue(response.body(), Map.class);
        assertThat(problem.get("type")).isEqualTo("https://ai-testing.dev/problems/" + type);
        assertThat(problem.get("status")).isEqualTo(status);
    }

    static HttpResponse<String> get(java.net.URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return SseClient.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(java.net.URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return SseClient.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> withGzip(Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("Accept-Encoding", "gzip");
        return h;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
