package com.aitesting.api;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.aitesting.postgres.EmbeddedDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Idempotency-Key on every creating POST (/v1/tests, /v1/engagements, /v1/engagements/{id}/plan), over HTTP against
 * the real server and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyIT {
    private static final String REPLAYED = "Idempotent-Replayed";
    private TestServer server;
    private Api alice;
    private Api bob;

    @BeforeAll
    void start() {
        server = TestServer.start();
        alice = new Api(server, "t_alice");
        bob = new Api(server, "t_bob");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** An engagement with a plan of its own, so that its run list counts only this test's runs. */
    private record Planned(String engagement, String plan) {
        String body() {
            return "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}".formatted(engagement, plan);
        }
    }

    private static Planned planned(Api api) {
        String engagement = api.createEngagement().path("id").asText();
        return new Planned(engagement, api.createPlan(engagement).path("id").asText());
    }

    private TestServer.Response start(Api api, String body) {
        return start(api, body, null);
    }

    /** {@code key} null: no Idempotency-Key header. */
    private TestServer.Response start(Api api, String body, String key) {
        Map<String, String> headers = new HashMap<>(api.headers());
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return server.send("POST", "/v1/tests", "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * POST /v1/tests written byte for byte on a socket, with {@code keyLines} as sent: java.net.http neither sends a
     * header line twice from one name nor a byte above 0x7f as it is. Answers the status line and the body.
     */
    private String[] startRaw(Api api, String body, byte[]... keyLines) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST /v1/tests HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n");
            api.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            for (byte[] line : keyLines) {
                request.writeBytes("Idempotency-Key: ".getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(line);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(json);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.substring(0, response.indexOf("\r\n")), response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private int runsOf(Api api, Planned planned) {
        TestServer.Response list = api.get("/v1/engagements/" + planned.engagement() + "/tests");
        assertThat(list.status()).isEqualTo(200);
        return list.json().size();
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheFirstRunAndStartsNoOther() {
        Planned planned = planned(alice);
        TestServer.Response first = start(alice, planned.body(), "ci-build-4711");
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.header(REPLAYED)).isNull();

        // the same JSON spelled differently is the same request
        TestServer.Response retry = start(alice, "{ \"plan_id\": \"%s\",  \"engagement_id\": \"%s\" }"
                .formatted(planned.plan(), planned.engagement()), "ci-build-4711");

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        JsonNode now = alice.get("/v1/tests/" + first.json().path("id").asText()).json();
        assertThat(retry.json().path("status").asText()).isEqualTo(now.path("status").asText());
        assertThat(runsOf(alice, planned)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndChangesNothing() {
        Planned planned = planned(alice);
        String firstRun = start(alice, planned.body(), "reused").json().path("id").asText();
        Planned other = new Planned(planned.engagement(), alice.createPlan(planned.engagement()).path("id").asText());
        Map<String, Long> before = server.rowCounts();

        TestServer.Response reused = start(alice, other.body(), "reused");

        JsonNode problem = assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(problem.path("detail").asText()).contains("Idempotency-Key", "different request");
        assertThat(server.rowCounts()).isEqualTo(before);
        TestServer.Response replay = start(alice, planned.body(), "reused");
        assertThat(replay.header(REPLAYED)).isEqualTo("true");
        assertThat(replay.json().path("id").asText()).isEqualTo(firstRun);
    }

    @Test
    void twentyConcurrentRequestsWithOneKeyStartExactlyOneRun() throws Exception {
        Planned planned = planned(alice);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        CountDownLatch ready = new CountDownLatch(20);
        try {
            List<CompletableFuture<TestServer.Response>> answers = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        ready.countDown();
                        try {
                            ready.await(); // all twenty leave together
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return start(alice, planned.body(), "burst");
                    }, clients)).toList();
            List<TestServer.Response> responses = answers.stream().map(CompletableFuture::join).toList();

            assertThat(responses).allSatisfy(r -> assertThat(r.status()).as("%s", r).isEqualTo(201));
            assertThat(responses.stream().map(r -> r.json().path("id").asText()).distinct()).hasSize(1);
            assertThat(responses.stream().filter(r -> r.header(REPLAYED) == null)).as("the one that created").hasSize(1);
            assertThat(runsOf(alice, planned)).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void anotherTenantsIdenticalKeyStartsItsOwnRun() {
        Planned ofAlice = planned(alice);
        Planned ofBob = planned(bob);
        String aliceRun = start(alice, ofAlice.body(), "shared-key").json().path("id").asText();

        TestServer.Response bobs = start(bob, ofBob.body(), "shared-key");

        assertThat(bobs.status()).as("%s", bobs).isEqualTo(201);
        assertThat(bobs.header(REPLAYED)).isNull();
        assertThat(bobs.json().path("id").asText()).isNotEqualTo(aliceRun);
        assertThat(runsOf(bob, ofBob)).isEqualTo(1);
        // and Bob's body under Alice's key is still Alice's business only
        assertProblem(start(alice, ofBob.body(), "shared-key"), 422, "idempotency-key-reused");
    }

    @Test
    void malformedOrRepeatedKeysAre400sNamingTheHeaderAndStartNothing() throws IOException {
        Planned planned = planned(alice);
        for (String key : List.of("x".repeat(256), "tab\there")) {
            JsonNode problem = assertProblem(start(alice, planned.body(), key), 400, "validation");
            assertThat(problem.path("errors").get(0).path("field").asText()).as(key).isEqualTo("Idempotency-Key");
        }
        for (byte[][] lines : List.of(new byte[][] {"caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)},
                new byte[][] {"caf\u00e9".getBytes(StandardCharsets.UTF_8)}, new byte[][] {"one".getBytes(), "two".getBytes()})) {
            String[] refused = startRaw(alice, planned.body(), lines);
            assertThat(refused[0]).as(refused[1]).startsWith("HTTP/1.1 400");
            assertThat(refused[1]).as(java.util.Arrays.deepToString(lines)).contains("\"field\":\"Idempotency-Key\"");
        }
        // a control character other than tab: Netty refuses the header line itself, before any route (a 400 all the same)
        assertThat(startRaw(alice, planned.body(), new byte[] {'b', 'e', 'l', 'l', 7})[0]).startsWith("HTTP/1.1 400");
        assertThat(runsOf(alice, planned)).isZero();
        assertThat(start(alice, planned.body(), "x".repeat(255)).status()).isEqualTo(201);
    }

    @Test
    void aFailedRequestDoesNotUseUpItsKey() {
        Planned planned = planned(alice);
        Planned elsewhere = planned(alice);
        String wrongPlan = "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}".formatted(planned.engagement(), elsewhere.plan());
        assertProblem(start(alice, wrongPlan, "fix-and-retry"), 422, "unprocessable");

        TestServer.Response fixed = start(alice, planned.body(), "fix-and-retry");

        assertThat(fixed.status()).as("%s", fixed).isEqualTo(201);
        assertThat(fixed.header(REPLAYED)).isNull();
        assertThat(runsOf(alice, planned)).isEqualTo(1);
    }

    @Test
    void withoutAKeyEveryRequestStartsARunAsBefore() {
        Planned planned = planned(alice);
        TestServer.Response first = start(alice, planned.body());
        TestServer.Response second = start(alice, planned.body());
        assertThat(List.of(first.status(), second.status())).containsExactly(201, 201);
        assertThat(first.header(REPLAYED)).isNull();
        assertThat(second.header(REPLAYED)).isNull();
        assertThat(second.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());
        assertThat(runsOf(alice, planned)).isEqualTo(2);
    }

    /**
     * The other creating POSTs: where each posts for a tenant, two different bodies it accepts, and the table that
     * holds what it creates.
     */
    enum Creating {
        ENGAGEMENT("engagements") {
            @Override
            String path(Api api) {
                return "/v1/engagements";
            }

            @Override
            String body(Api api) {
                return Api.ENGAGEMENT_TEMPLATE.formatted(api.tenant());
            }

            @Override
            String otherBody(Api api) {
                return body(api).replace("Demo Net", "Other Net");
            }

            @Override
            String respelled(Api api) {
                // the same JSON spelled differently: whitespace and the order of fields do not count
                return ("{ \"type\": \"network\", \"tenant_id\": \"%s\", \"name\": \"Demo Net\", \"scope\": {\"risk_tier\":"
                        + "\"safe_active\", \"in_scope_domains\": [\"example.com\"], \"in_scope_cidrs\": [\"10.0.0.0/24\"],"
                        + " \"out_of_scope\": [], \"windows\": []} }").formatted(api.tenant());
            }

            @Override
            String location(JsonNode created) {
                return "/v1/engagements/" + created.path("id").asText();
            }
        },
        PLAN("plans") {
            @Override
            String path(Api api) {
                return "/v1/engagements/" + engagementOf(api) + "/plan";
            }

            @Override
            String body(Api api) {
                return Api.PLAN;
            }

            @Override
            String otherBody(Api api) {
                return Api.PLAN.replace(",{\"id\":\"network.nmap.tcp_top_1000\"}", "");
            }

            @Override
            String respelled(Api api) {
                return """
                        { "risk_tier": "safe_active", "agents": { "strategy": "recommended" },
                          "selected_tests": [ {"id": "network.discovery.ping_sweep"}, {"id": "network.nmap.tcp_top_1000"} ] }""";
            }

            @Override
            String location(JsonNode created) {
                return "/v1/engagements/" + created.path("engagement_id").asText() + "/plans/" + created.path("id").asText();
            }
        };

        /** The engagement each tenant's plans go to, made once per tenant (keys are scoped to the endpoint, not the path). */
        private static final Map<String, String> ENGAGEMENTS = new java.util.concurrent.ConcurrentHashMap<>();
        final String table;

        Creating(String table) {
            this.table = table;
        }

        abstract String path(Api api);

        abstract String body(Api api);

        abstract String otherBody(Api api);

        abstract String respelled(Api api);

        abstract String location(JsonNode created);

        static String engagementOf(Api api) {
            return ENGAGEMENTS.computeIfAbsent(api.tenant(), t -> api.createEngagement().path("id").asText());
        }
    }

    private TestServer.Response post(Api api, Creating creating, String body, String key) {
        String path = creating.path(api);
        Map<String, String> headers = new HashMap<>(api.headers());
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return server.send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private long rows(Creating creating) {
        return server.rowCounts().get(creating.table);
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void aRetryOfACreatingPostWithTheSameKeyAnswersTheFirstResourceAndCreatesNoOther(Creating creating) {
        Creating.engagementOf(alice);
        long before = rows(creating);
        String key = "retry-" + creating;
        TestServer.Response first = post(alice, creating, creating.body(alice), key);
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.header(REPLAYED)).isNull();

        TestServer.Response retry = post(alice, creating, creating.respelled(alice), key);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.header(REPLAYED)).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isEqualTo(creating.location(first.json()));
        assertThat(rows(creating)).isEqualTo(before + 1);
        assertThat(alice.get(creating.location(first.json())).json().path("id").asText()).isEqualTo(first.json().path("id").asText());
    }

    @Test
    void aRetriedEngagementIsListedOnce() {
        List<String> before = engagementsOf(alice);
        String key = "listed-once";
        String first = post(alice, Creating.ENGAGEMENT, Creating.ENGAGEMENT.body(alice), key).json().path("id").asText();
        post(alice, Creating.ENGAGEMENT, Creating.ENGAGEMENT.body(alice), key);

        List<String> after = engagementsOf(alice);
        after.removeAll(before);
        assertThat(after).containsExactly(first);
    }

    private static List<String> engagementsOf(Api api) {
        TestServer.Response page = api.get("/v1/engagements?limit=200");
        assertThat(page.header("Link")).as("one page holds them all").isNull();
        List<String> ids = new java.util.ArrayList<>();
        page.json().forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void theSameKeyWithAnotherBodyOnACreatingPostIsRefusedAndChangesNothing(Creating creating) {
        String key = "reused-" + creating;
        String firstId = post(alice, creating, creating.body(alice), key).json().path("id").asText();
        Map<String, Long> before = server.rowCounts();

        TestServer.Response reused = post(alice, creating, creating.otherBody(alice), key);

        JsonNode problem = assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(problem.path("detail").asText()).contains("Idempotency-Key", "different request");
        assertThat(server.rowCounts()).isEqualTo(before);
        TestServer.Response replay = post(alice, creating, creating.body(alice), key);
        assertThat(replay.header(REPLAYED)).isEqualTo("true");
        assertThat(replay.json().path("id").asText()).isEqualTo(firstId);
    }

    @Test
    void thePlanKeyOfOneEngagementUsedOnAnotherIsRefused() {
        String key = "plan-elsewhere";
        assertThat(post(alice, Creating.PLAN, Api.PLAN, key).status()).isEqualTo(201);
        String other = alice.createEngagement().path("id").asText();
        TestServer.Response elsewhere = server.send("POST", "/v1/engagements/" + other + "/plan", "application/json",
                Api.PLAN.getBytes(StandardCharsets.UTF_8), withKey(alice, key));
        assertProblem(elsewhere, 422, "idempotency-key-reused");
    }

    private static Map<String, String> withKey(Api api, String key) {
        Map<String, String> headers = new HashMap<>(api.headers());
        headers.put("Idempotency-Key", key);
        return headers;
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void anotherTenantsIdenticalKeyOnACreatingPostCreatesItsOwn(Creating creating) {
        String key = "shared-" + creating;
        String ofAlice = post(alice, creating, creating.body(alice), key).json().path("id").asText();

        TestServer.Response bobs = post(bob, creating, creating.body(bob), key);

        assertThat(bobs.status()).as("%s", bobs).isEqualTo(201);
        assertThat(bobs.header(REPLAYED)).isNull();
        assertThat(bobs.json().path("id").asText()).isNotEqualTo(ofAlice);
        assertThat(post(bob, creating, creating.body(bob), key).json().path("id").asText())
                .isEqualTo(bobs.json().path("id").asText());
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void aMalformedKeyOnACreatingPostIsThe400OfTestsAndCreatesNothing(Creating creating) {
        Creating.engagementOf(alice);
        Map<String, Long> before = server.rowCounts();
        for (String key : List.of("x".repeat(256), "tab\there")) {
            JsonNode problem = assertProblem(post(alice, creating, creating.body(alice), key), 400, "validation");
            assertThat(problem.path("errors").get(0).path("field").asText()).as(key).isEqualTo("Idempotency-Key");
        }
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void withoutAKeyEveryCreatingPostCreatesAsBefore(Creating creating) {
        Creating.engagementOf(alice);
        long before = rows(creating);
        String first = post(alice, creating, creating.body(alice), null).json().path("id").asText();
        String second = post(alice, creating, creating.body(alice), null).json().path("id").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(rows(creating)).isEqualTo(before + 2);
    }

    @ParameterizedTest
    @EnumSource(Creating.class)
    void aKeyPastItsLifetimeCreatesAgainAndTheTenantsExpiredKeysAreDeleted(Creating creating) throws SQLException {
        String key = "expiring-" + creating;
        String stale = "stale-" + creating;
        String first = post(alice, creating, creating.body(alice), key).json().path("id").asText();
        post(alice, creating, creating.body(alice), stale);
        post(bob, creating, creating.body(bob), stale);
        age(alice, key, 25);
        age(alice, stale, 25);
        age(bob, stale, 25);

        TestServer.Response again = post(alice, creating, creating.otherBody(alice), key);

        assertThat(again.status()).as("%s", again).isEqualTo(201);
        assertThat(again.header(REPLAYED)).isNull();
        assertThat(again.json().path("id").asText()).isNotEqualTo(first);
        assertThat(keyRows(alice, stale)).as("an expired key of the same tenant").isZero();
        assertThat(keyRows(bob, stale)).as("another tenant's expired key waits for that tenant's next claim").isOne();
        assertThat(post(alice, creating, creating.otherBody(alice), key).header(REPLAYED)).isEqualTo("true");
    }

    /** Moves a key's row {@code hours} into the past, as superuser (the app role cannot rewrite created_at). */
    private void age(Api api, String key, int hours) throws SQLException {
        try (Connection c = EmbeddedDatabase.superuserDataSource(server.database().database()).getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE idempotency_keys SET created_at = created_at - make_interval(hours => ?)"
                     + " WHERE tenant_id = ? AND key = ?")) {
            ps.setInt(1, hours);
            ps.setString(2, api.tenant());
            ps.setString(3, key);
            assertThat(ps.executeUpdate()).isOne();
        }
    }

    private long keyRows(Api api, String key) throws SQLException {
        try (Connection c = EmbeddedDatabase.superuserDataSource(server.database().database()).getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND key = ?")) {
            ps.setString(1, api.tenant());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
