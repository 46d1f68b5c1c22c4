package com.aitesting.api;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bad-input battery: each request is refused with an RFC 9457 problem of a stable type, field-level
 * errors where they apply, nothing internal in the body, and no row written (checked after every test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private TestServer server;
    private Api api;
    private String engagement;
    private String futureEngagement;
    private String futurePlan;
    private Map<String, Long> rowsBefore;

    @BeforeAll
    void start() {
        server = TestServer.start();
        api = new Api(server, "t_demo");
        engagement = api.createEngagement().path("id").asText();
        // an engagement whose only testing window lies in the future
        TestServer.Response r = api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo").replace("\"windows\":[]",
                "\"windows\":[{\"kind\":\"absolute\",\"start\":\"2099-03-01T22:00:00+01:00\",\"end\":\"2099-03-02T06:00:00+01:00\"}]"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        futureEngagement = r.json().path("id").asText();
        futurePlan = api.createPlan(futureEngagement).path("id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void snapshot() {
        rowsBefore = server.rowCounts();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(server.rowCounts()).as("rows per table").isEqualTo(rowsBefore);
    }

    // --- authentication -------------------------------------------------------------------------------

    @Test
    void everyV1RouteWithoutDevHeadersIs401WithAChallenge() {
        String id = "00000000-0000-0000-0000-000000000000";
        List<String[]> routes = List.of(
                new String[] {"GET", "/v1/engagements"}, new String[] {"POST", "/v1/engagements"},
                new String[] {"GET", "/v1/engagements/" + id}, new String[] {"GET", "/v1/catalog"},
                new String[] {"POST", "/v1/engagements/" + id + "/plan"}, new String[] {"GET", "/v1/plans/" + id},
                new String[] {"GET", "/v1/engagements/" + id + "/plans/" + id}, new String[] {"POST", "/v1/tests"},
                new String[] {"GET", "/v1/tests/" + id}, new String[] {"GET", "/v1/tests?engagement_id=" + id},
                new String[] {"GET", "/v1/engagements/" + id + "/tests"}, new String[] {"GET", "/v1/no-such-route"},
                new String[] {"GET", "/v2/runs/" + id + "/events"});
        for (String[] route : routes) {
            TestServer.Response r = server.send(route[0], route[1], "application/json",
                    route[0].equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null, Map.of());
            assertProblem(r, 401, "unauthorized");
            assertThat(r.header("WWW-Authenticate")).as(route[1]).contains("X-Dev-User");
        }
    }

    @Test
    void eachMissingDevHeaderIs401() {
        for (String missing : List.of("X-Dev-User", "X-Dev-Email", "X-Tenant-Id")) {
            Map<String, String> headers = new HashMap<>(Api.devHeaders("t_demo"));
            headers.remove(missing);
            assertProblem(server.get("/v1/engagements", headers), 401, "unauthorized");
        }
    }

    @Test
    void malformedDevHeadersAre401() {
        List<Map<String, String>> bad = List.of(
                Map.of("X-Dev-User", "yered", "X-Dev-Email", "not-an-email", "X-Tenant-Id", "t_demo"),
                Map.of("X-Dev-User", "yered", "X-Dev-Email", "yered@example.com", "X-Tenant-Id", "-starts-with-dash"),
                Map.of("X-Dev-User", "yered", "X-Dev-Email", "yered@example.com", "X-Tenant-Id", "t".repeat(65)),
                Map.of("X-Dev-User", "ye red", "X-Dev-Email", "yered@example.com", "X-Tenant-Id", "t_demo"),
                Map.of("X-Dev-User", "", "X-Dev-Email", "yered@example.com", "X-Tenant-Id", "t_demo"));
        for (Map<String, String> headers : bad) {
            assertProblem(server.get("/v1/engagements", headers), 401, "unauthorized");
        }
    }

    @Test
    void aDevHeaderSentTwiceIs401NotFirstOneWins() throws Exception {
        for (String twice : List.of("X-Dev-User", "X-Dev-Email", "X-Tenant-Id")) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + "/v1/engagements"));
            Api.devHeaders("t_demo").forEach(request::header);
            request.header(twice, twice.equals("X-Dev-Email") ? "other@example.com" : "t_other");
            try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
                var response = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(twice).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).as(twice).contains(twice + " must be sent once");
            }
        }
    }

    @Test
    void healthAndDocsNeedNoCredentials() {
        assertThat(server.get("/health", Map.of()).status()).isEqualTo(200);
        assertThat(server.get("/health", Map.of()).json().path("status").asText()).isEqualTo("up");
        TestServer.Response docs = server.get("/docs", Map.of());
        assertThat(docs.status()).isEqualTo(200);
        // the page where credentials are typed cannot be framed by another site (clickjacking)
        assertThat(docs.header("Content-Security-Policy")).isEqualTo("frame-ancestors 'none'");
        assertThat(docs.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(docs.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    // --- JSON syntax and types --------------------------------------------------------------------------

    @Test
    void malformedJsonIs400OnTheBody() {
        JsonNode p = assertProblem(api.post("/v1/engagements", "{\"name\": \"Demo\","), 400, "validation");
        assertThat(fields(p)).containsExactly("body");
    }

    @Test
    void aKeyGivenTwiceIs400NotLastOneWins() {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_demo");
        String twice = body.replaceFirst("\\{", "{\"tenant_id\":\"t_other\",");
        assertThat(twice).as("the template names tenant_id").contains("\"tenant_id\":\"t_other\"");
        JsonNode p = assertProblem(api.post("/v1/engagements", twice), 400, "validation");
        assertThat(fields(p)).containsExactly("body");
        // nested objects too
        String scopeTwice = body.replaceFirst("\"scope\"\\s*:\\s*\\{", "\"scope\":{\"risk_tier\":\"passive\",");
        assertThat(scopeTwice).isNotEqualTo(body);
        assertProblem(api.post("/v1/engagements", scopeTwice), 400, "validation");
    }

    @Test
    void trailingGarbageAfterTheJsonIs400() {
        assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo") + " {}"), 400, "validation");
    }

    @Test
    void aNumberWhereAStringBelongsIs400OnThatField() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("\"Demo Net\"", "42")), 400, "validation");
        assertThat(fields(p)).containsExactly("name");
    }

    @Test
    void aOneElementListWhereAStringBelongsIs400OnThatField() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("\"Demo Net\"", "[\"Demo Net\"]")), 400, "validation");
        assertThat(fields(p)).containsExactly("name");
    }

    @Test
    void aStringWhereAListBelongsIs400OnThatField() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("[\"10.0.0.0/24\"]", "\"10.0.0.0/24\"")), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.in_scope_cidrs");
    }

    @Test
    void aNumberInsideAListIs400OnItsIndex() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("[\"example.com\"]", "[\"example.com\", 7]")), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.in_scope_domains[1]");
    }

    @Test
    void anArrayBodyIs400() {
        assertProblem(api.post("/v1/engagements", "[]"), 400, "validation");
    }

    @Test
    void anUnknownPropertyIsRefused() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("\"name\"", "\"nmae\"")), 400, "validation");
        assertThat(fields(p)).containsExactly("nmae");
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(server.send("POST", "/v1/engagements", "application/json", new byte[0], api.headers()), 400, "validation");
    }

    // --- missing fields and values the rules refuse -----------------------------------------------------

    @Test
    void everyMissingFieldIsReportedAtOnce() {
        JsonNode p = assertProblem(api.post("/v1/engagements", "{}"), 400, "validation");
        assertThat(fields(p)).contains("name", "tenant_id", "type", "scope");
    }

    @Test
    void anUnknownEngagementTypeListsTheAllowedValues() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("\"network\"", "\"satellite\"")), 400, "validation");
        assertThat(fields(p)).containsExactly("type");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("network", "web");
    }

    @Test
    void anUnknownRiskTierListsTheAllowedValues() {
        JsonNode p = assertProblem(api.post("/v1/engagements", Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("\"safe_active\"", "\"reckless\"")), 400, "validation");
        assertThat(fields(p)).containsExactly("scope.risk_tier");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("passive", "intrusive");
    }

    @Test
    void invalidCidrsAndHostNamesAreEachNamed() {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_demo")
                .replace("[\"10.0.0.0/24\"]", "[\"10.0.0.0/33\", \"300.1.1.0/24\", \"10.0.0.1/24\", \"2001:db8::/129\"]")
                .replace("[\"example.com\"]", "[\"exa mple.com\", \"-bad-.example.com\", \"ok.example.com\"]")
                .replace("\"out_of_scope\":[]", "\"out_of_scope\":[\"10.0.0.0/99\"]");
        JsonNode p = assertProblem(api.post("/v1/engagements", body), 400, "validation");
        assertThat(fields(p)).contains("scope.in_scope_cidrs[0]", "scope.in_scope_cidrs[1]", "scope.in_scope_cidrs[2]",
                "scope.in_scope_cidrs[3]", "scope.in_scope_domains[0]", "scope.in_scope_domains[1]", "scope.out_of_scope[0]");
        assertThat(fields(p)).doesNotContain("scope.in_scope_domains[2]");
    }

    @Test
    void aMalformedTestingWindowIsNamed() {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_demo").replace("\"windows\":[]",
                "\"windows\":[{\"kind\":\"weekly\",\"days\":[\"mon\",\"funday\"],\"start\":\"25:00\",\"end\":\"06:00\",\"time_zone\":\"Mars/Base\"}]");
        JsonNode p = assertProblem(api.post("/v1/engagements", body), 400, "validation");
        assertThat(fields(p)).anyMatch(f -> f.startsWith("scope.windows[0]"));
    }

    @Test
    void aPlanWithUnknownTestsIs422NamingEachEntry() {
        JsonNode p = assertProblem(api.post("/v1/engagements/" + engagement + "/plan", Api.PLAN
                .replace("network.nmap.tcp_top_1000", "network.nmap.everything")), 422, "unprocessable");
        assertThat(fields(p)).containsExactly("selected_tests[1].id");
    }

    @Test
    void aPlanAboveTheEngagementsRiskTierIs422() {
        JsonNode p = assertProblem(api.post("/v1/engagements/" + engagement + "/plan", Api.PLAN
                .replace("\"risk_tier\":\"safe_active\"", "\"risk_tier\":\"intrusive\"")), 422, "unprocessable");
        assertThat(fields(p)).contains("risk_tier");
    }

    @Test
    void aTestAboveThePlansRiskTierIs422() {
        JsonNode p = assertProblem(api.post("/v1/engagements/" + engagement + "/plan", Api.PLAN
                .replace("\"risk_tier\":\"safe_active\"", "\"risk_tier\":\"passive\"")), 422, "unprocessable");
        assertThat(fields(p)).anyMatch(f -> f.startsWith("selected_tests["));
    }

    @Test
    void anUnsupportedAgentStrategyIs400() {
        JsonNode p = assertProblem(api.post("/v1/engagements/" + engagement + "/plan",
                Api.PLAN.replace("recommended", "random")), 400, "validation");
        assertThat(fields(p)).containsExactly("agents.strategy");
    }

    @Test
    void aPlanForAMalformedEngagementIdIsNotFound() {
        assertProblem(api.post("/v1/engagements/nope/plan", Api.PLAN), 404, "not-found");
    }

    @Test
    void startingARunWithoutIdsIs400OnEachField() {
        JsonNode p = assertProblem(api.post("/v1/tests", "{}"), 400, "validation");
        assertThat(fields(p)).contains("engagement_id", "plan_id");
        p = assertProblem(api.post("/v1/tests", "{\"engagement_id\":\"x\",\"plan_id\":\"y\"}"), 400, "validation");
        assertThat(fields(p)).contains("engagement_id", "plan_id");
    }

    @Test
    void startingARunOutsideTheTestingWindowsIs409SayingWhenTheNextOpens() {
        JsonNode p = assertProblem(api.post("/v1/tests", "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}"
                .formatted(futureEngagement, futurePlan)), 409, "outside-testing-window");
        assertThat(p.path("next_window_opens_at").asText()).isEqualTo("2099-03-01T21:00:00Z");
    }

    @Test
    void startingARunWithAPlanOfAnotherEngagementIs422() {
        JsonNode p = assertProblem(api.post("/v1/tests", "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}"
                .formatted(engagement, futurePlan)), 422, "unprocessable");
        assertThat(fields(p)).containsExactly("plan_id");
    }

    @Test
    void listingRunsWithoutAnEngagementIdIs400() {
        JsonNode p = assertProblem(api.get("/v1/tests"), 400, "validation");
        assertThat(fields(p)).containsExactly("engagement_id");
    }

    // --- HTTP level ---------------------------------------------------------------------------------------

    @Test
    void aQueryParameterGivenTwiceIs400OnItNotJoinedWithAComma() {
        String engagement = java.util.UUID.randomUUID().toString();
        JsonNode p = assertProblem(api.get("/v1/tests?engagement_id=" + engagement + "&engagement_id=" + engagement), 400, "validation");
        assertThat(fields(p)).containsExactly("engagement_id");
        assertProblem(api.get("/v1/engagements?limit=1&limit=2"), 400, "validation");
        // an anonymous caller is told to authenticate first
        assertProblem(server.get("/v1/engagements?limit=1&limit=2", Map.of()), 401, "unauthorized");
        assertProblem(api.get("/v1/tests?engagement_id=" + engagement), 404, "not-found");
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = Api.ENGAGEMENT_TEMPLATE.formatted("t_demo").replace("Demo Net", "x".repeat(300 * 1024));
        assertProblem(api.post("/v1/engagements", huge), 413, "payload-too-large");
    }

    @Test
    void anOverlongRequestLineIs414AndOverlargeHeadersAre431NotABodyProblem() {
        TestServer.Response longLine = api.get("/v1/engagements?pad=" + "a".repeat(20_000));
        assertProblem(longLine, 414, "uri-too-long");
        // the path Micronaut substitutes for a head it could not read is not one the client sent
        assertThat(longLine.json().has("instance")).isFalse();
        Map<String, String> headers = new java.util.HashMap<>(api.headers());
        headers.put("X-Pad", "a".repeat(20_000));
        TestServer.Response bigHeaders = server.get("/v1/engagements", headers);
        assertProblem(bigHeaders, 431, "headers-too-large");
        assertThat(bigHeaders.json().path("detail").asText()).doesNotContain("body");
    }

    @Test
    void aBodyThatIsNotWhatItsContentEncodingSaysIs400() {
        Map<String, String> headers = new java.util.HashMap<>(api.headers());
        headers.put("Content-Encoding", "deflate");
        JsonNode p = assertProblem(server.send("POST", "/v1/engagements", "application/json",
                "garbage".getBytes(StandardCharsets.UTF_8), headers), 400, "validation");
        assertThat(fields(p)).containsExactly("body");
    }

    @Test
    void aNonJsonContentTypeIs415() {
        assertProblem(server.send("POST", "/v1/engagements", "text/plain",
                "name=Demo".getBytes(StandardCharsets.UTF_8), api.headers()), 415, "unsupported-media-type");
    }

    @Test
    void aBodyWithoutAContentTypeIs415NamingJsonNotReadAsJson() {
        byte[] valid = Api.ENGAGEMENT_TEMPLATE.formatted("t_demo").getBytes(StandardCharsets.UTF_8);
        JsonNode p = assertProblem(server.send("POST", "/v1/engagements", null, valid, api.headers()), 415, "unsupported-media-type");
        assertThat(p.path("detail").asText()).contains("application/json");
        assertProblem(server.send("PUT", "/v1/engagements/" + engagement + "/authorization", null,
                "{\"reference\":\"SOW-1\"}".getBytes(StandardCharsets.UTF_8), api.headers()), 415, "unsupported-media-type");
        assertProblem(server.send("POST", "/v1/engagements/" + engagement + "/plan", null,
                "{}".getBytes(StandardCharsets.UTF_8), api.headers()), 415, "unsupported-media-type");
    }

    @Test
    void anEmptyBodyWithoutAContentTypeIsReadAsBefore() {
        // a route that takes no body answers as it did; one that needs a body says so
        assertProblem(server.send("POST", "/v2/runs/" + java.util.UUID.randomUUID() + "/stream-token", null, null,
                api.headers()), 404, "not-found");
        JsonNode p = assertProblem(server.send("POST", "/v1/engagements", null, null, api.headers()), 400, "validation");
        assertThat(fields(p)).containsExactly("body");
    }

    @Test
    void anUnknownRouteIs404() {
        assertProblem(api.get("/v1/nothing-here"), 404, "not-found");
        assertProblem(server.get("/nothing-here", Map.of()), 404, "not-found");
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        TestServer.Response r = server.send("DELETE", "/v1/engagements", null, null, api.headers());
        assertProblem(r, 405, "method-not-allowed");
        assertThat(r.header("Allow")).contains("GET", "POST");
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
