package com.aitesting.api.finding;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A deployment with SIMULATE_PROGRESS=false over HTTP: what a real run needs before anything is queued
 * (authorization, executable tests, an open testing window), the authorization's own endpoints, the catalog's
 * executable flag and scope.rate_limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealRunAdmissionIT {
    private static final String LOOPBACK_ENGAGEMENT = """
            {"name":"My laptop","tenant_id":"%s","type":"network",%s"scope":{"in_scope_domains":["localhost"],\
            "in_scope_cidrs":["127.0.0.1/32"],"out_of_scope":[],"risk_tier":"safe_active","windows":%s%s}}""";
    private static final String EXECUTABLE_PLAN = """
            {"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"http.security_headers"}],\
            "agents":{"strategy":"recommended"},"risk_tier":"safe_active"}""";

    private TestServer server;
    private Api alice;
    private Api bob;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of("ait.simulate-progress", "false"));
        alice = new Api(server, "t_alice");
        bob = new Api(server, "t_bob");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private TestServer.Response engagement(String authorization, String windows, String rateLimit) {
        return alice.post("/v1/engagements", LOOPBACK_ENGAGEMENT.formatted("t_alice",
                authorization == null ? "" : "\"authorization\":" + authorization + ",", windows,
                rateLimit == null ? "" : ",\"rate_limit\":" + rateLimit));
    }

    private String created(TestServer.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private String plan(String engagement) {
        TestServer.Response r = alice.post("/v1/engagements/" + engagement + "/plan", EXECUTABLE_PLAN);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private TestServer.Response run(String engagement, String plan) {
        return alice.post("/v1/tests", "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}".formatted(engagement, plan));
    }

    @Test
    void aRealRunOfAnEngagementWithoutAuthorizationIs422AuthorizationRequiredAndQueuesNothing() {
        String engagement = created(engagement(null, "[]", null));
        assertThat(alice.get("/v1/engagements/" + engagement).json().path("authorization").isNull()).isTrue();
        String plan = plan(engagement);
        Map<String, Long> before = server.rowCounts();

        JsonNode p = assertProblem(run(engagement, plan), 422, "authorization-required");
        assertThat(p.path("engagement_id").asText()).isEqualTo(engagement);
        assertThat(p.path("detail").asText()).contains("PUT /v1/engagements/" + engagement + "/authorization");
        assertThat(server.rowCounts()).isEqualTo(before);

        TestServer.Response put = alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"SEC-4711\"}");
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().path("reference").asText()).isEqualTo("SEC-4711");
        assertThat(run(engagement, plan).status()).isEqualTo(201);
    }

    @Test
    void theAuthorizationGivenAtCreationIsRecordedWithWhoAndWhenAndCanBeReplaced() {
        TestServer.Response r = engagement("{\"reference\":\"  contract 2026-17 \"}", "[]", null);
        String engagement = created(r);
        JsonNode authorization = r.json().path("authorization");
        assertThat(authorization.path("reference").asText()).isEqualTo("contract 2026-17");
        assertThat(authorization.path("recorded_by").asText()).isEqualTo("yered");
        assertThat(authorization.path("recorded_at").asText()).isNotBlank();
        assertThat(alice.get("/v1/engagements/" + engagement).json().path("authorization")).isEqualTo(authorization);

        TestServer.Response replaced = alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"SEC-2\"}");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(alice.get("/v1/engagements/" + engagement).json().path("authorization").path("reference").asText()).isEqualTo("SEC-2");
        JsonNode listed = StreamSupport.stream(alice.get("/v1/engagements").json().spliterator(), false)
                .filter(e -> e.path("id").asText().equals(engagement)).findFirst().orElseThrow();
        assertThat(listed.path("authorization").path("reference").asText()).isEqualTo("SEC-2");
        assertThat(run(engagement, plan(engagement)).status()).isEqualTo(201);
    }

    @Test
    void aBadAuthorizationIsAValidationProblemAndRecordsNothing() {
        String engagement = created(engagement(null, "[]", null));
        Map<String, Long> before = server.rowCounts();
        JsonNode empty = assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"  \"}"), 400, "validation");
        assertThat(empty.path("errors").get(0).path("field").asText()).isEqualTo("reference");
        assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{}"), 400, "validation");
        assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"" + "x".repeat(201) + "\"}"), 400, "validation");
        assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"a\\u0007b\"}"), 400, "validation");
        assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":42}"), 400, "validation");
        assertProblem(alice.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"x\",\"by\":\"me\"}"), 400, "validation");
        JsonNode nested = assertProblem(engagement("{\"reference\":\"\"}", "[]", null), 400, "validation");
        assertThat(nested.path("errors").get(0).path("field").asText()).isEqualTo("authorization.reference");
        assertProblem(bob.put("/v1/engagements/" + engagement + "/authorization", "{\"reference\":\"SEC-9\"}"), 404, "not-found");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void aRealPlanThatSelectsATestWithoutAnExecutorIs422NamingIt() {
        String engagement = created(engagement("{\"reference\":\"SEC-1\"}", "[]", null));
        JsonNode p = assertProblem(alice.post("/v1/engagements/" + engagement + "/plan", """
                {"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"network.nmap.udp_top_100"}],\
                "agents":{"strategy":"recommended"},"risk_tier":"safe_active"}"""), 422, "unprocessable");
        assertThat(p.path("errors")).hasSize(1);
        assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("selected_tests[1].id");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("network.nmap.udp_top_100", "executable");
    }

    @Test
    void thePlanOptionsShowTheSameRefusalForATestWithoutAnExecutor() {
        String engagement = created(engagement("{\"reference\":\"SEC-1\"}", "[]", null));
        JsonNode options = alice.get("/v1/engagements/" + engagement + "/plan/options").json().path("tests");
        JsonNode udp = StreamSupport.stream(options.spliterator(), false)
                .filter(o -> o.path("test").path("id").asText().equals("network.nmap.udp_top_100")).findFirst().orElseThrow();
        assertThat(udp.path("selectable").asBoolean()).isFalse();
        assertThat(udp.path("reasons").toString()).contains("no real executor");
        JsonNode ping = StreamSupport.stream(options.spliterator(), false)
                .filter(o -> o.path("test").path("id").asText().equals("network.discovery.ping_sweep")).findFirst().orElseThrow();
        assertThat(ping.path("selectable").asBoolean()).isTrue();
    }

    @Test
    void aRealRunOutsideItsTestingWindowIs409() {
        String engagement = created(engagement("{\"reference\":\"SEC-1\"}",
                "[{\"kind\":\"absolute\",\"start\":\"2099-03-01T22:00:00Z\",\"end\":\"2099-03-02T06:00:00Z\"}]", null));
        JsonNode p = assertProblem(run(engagement, plan(engagement)), 409, "outside-testing-window");
        assertThat(p.path("next_window_opens_at").asText()).startsWith("2099-03-01T22:00");
    }

    @Test
    void theCatalogSaysWhichTestsAreExecutable() {
        JsonNode tests = alice.get("/v1/catalog").json().path("tests");
        Map<String, Boolean> executable = new java.util.HashMap<>();
        tests.forEach(t -> executable.put(t.path("id").asText(), t.path("executable").asBoolean()));
        assertThat(executable).containsEntry("network.discovery.ping_sweep", true).containsEntry("dns.zone_transfer_check", true)
                .containsEntry("web.sqlmap_injection", false);
        assertThat(executable.values().stream().filter(b -> b).count()).isEqualTo(8);
        tests.forEach(t -> assertThat(t.path("executable").isBoolean()).as(t.path("id").asText()).isTrue());
    }

    @Test
    void theScopeRateLimitDefaultsTo100AndRefusesZeroOrAbsurdValues() {
        String defaulted = created(engagement(null, "[]", null));
        assertThat(alice.get("/v1/engagements/" + defaulted).json().path("scope").path("rate_limit").asInt()).isEqualTo(100);
        String tuned = created(engagement(null, "[]", "20"));
        assertThat(alice.get("/v1/engagements/" + tuned).json().path("scope").path("rate_limit").asInt()).isEqualTo(20);

        Map<String, Long> before = server.rowCounts();
        for (String bad : new String[] {"0", "-1", "10001", "100000000"}) {
            JsonNode p = assertProblem(engagement(null, "[]", bad), 422, "unprocessable");
            assertThat(p.path("errors").get(0).path("field").asText()).as(bad).isEqualTo("scope.rate_limit");
        }
        for (String malformed : new String[] {"\"fast\"", "1.5", "true"}) {
            JsonNode p = assertProblem(engagement(null, "[]", malformed), 400, "validation");
            assertThat(p.path("errors").get(0).path("field").asText()).as(malformed).isEqualTo("scope.rate_limit");
        }
        assertThat(server.rowCounts()).isEqualTo(before);
    }
}
