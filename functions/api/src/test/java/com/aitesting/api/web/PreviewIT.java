package com.aitesting.api.web;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console's previews over real HTTP: what a scope expands to, and a plan before it is created. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreviewIT {
    private TestServer server;
    private Api alice;

    @BeforeAll
    void start() {
        server = TestServer.start();
        alice = new Api(server, "t_preview");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aScopePreviewCountsAddressesAppliesExclusionsAndNamesDeniedEntries() {
        TestServer.Response r = alice.post("/v1/scope/preview", """
                {"in_scope_domains":["example.com"],"in_scope_cidrs":["10.0.0.0/24","169.254.169.254"],
                 "out_of_scope":["10.0.0.0/28"],"risk_tier":"safe_active","windows":[]}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode ranges = r.json().path("in_scope_cidrs");
        assertThat(ranges.get(0).path("cidr").asText()).isEqualTo("10.0.0.0/24");
        assertThat(ranges.get(0).path("excluded_addresses").asText()).isEqualTo("16");
        assertThat(ranges.get(0).path("testable_addresses").asText()).isEqualTo("240");
        assertThat(ranges.get(1).path("cidr").asText()).isEqualTo("169.254.169.254/32");
        assertThat(ranges.get(1).path("denied_by").asText()).isEqualTo("platform.link_local");
        assertThat(ranges.get(1).path("denials").get(0).path("cidr").asText()).isEqualTo("169.254.0.0/16");
        assertThat(ranges.get(0).path("denials")).isEmpty();
        assertThat(r.json().path("testable_addresses").asText()).isEqualTo("240");
        assertThat(r.json().path("in_scope_domains").get(0).path("excluded_by").isNull()).isTrue();
    }

    private static String scope(String cidrs) {
        return "{\"in_scope_domains\":[],\"in_scope_cidrs\":[" + cidrs + "],\"out_of_scope\":[],\"risk_tier\":\"safe_active\",\"windows\":[]}";
    }

    private static String engagement(String cidrs, String extra) {
        return "{\"name\":\"Wide\",\"tenant_id\":\"t_preview\",\"type\":\"network\",\"scope\":" + scope(cidrs) + extra + "}";
    }

    @Test
    void aPreviewRefusesWhatDeclaringTheEngagementRefusesWithTheSameMessage() {
        for (String everything : new String[] {"\"0.0.0.0/0\"", "\"::ffff:0:0/96\""}) {
            for (String query : new String[] {"", "?allow_large_scope=true"}) {
                JsonNode preview = assertProblem(alice.post("/v1/scope/preview" + query, scope(everything)), 422, "unprocessable");
                JsonNode create = assertProblem(alice.post("/v1/engagements", engagement(everything,
                        query.isEmpty() ? "" : ",\"allow_large_scope\":true")), 422, "unprocessable");
                assertThat(preview.path("errors").get(0).path("field").asText()).isEqualTo("in_scope_cidrs[0]");
                assertThat(create.path("errors").get(0).path("field").asText()).isEqualTo("scope.in_scope_cidrs[0]");
                assertThat(preview.path("errors").get(0).path("message").asText()).contains("covers every address")
                        .isEqualTo(create.path("errors").get(0).path("message").asText());
            }
        }
        JsonNode wide = assertProblem(alice.post("/v1/scope/preview", scope("\"10.0.0.0/8\"")), 422, "unprocessable");
        assertThat(wide.path("errors").get(0).path("message").asText()).contains("allow_large_scope");
        TestServer.Response allowed = alice.post("/v1/scope/preview?allow_large_scope=true", scope("\"10.0.0.0/8\""));
        assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
        assertThat(allowed.json().path("testable_addresses").asText()).isEqualTo("16777216");
        JsonNode flag = assertProblem(alice.post("/v1/scope/preview?allow_large_scope=yes", scope("\"10.0.0.0/24\"")), 400, "validation");
        assertThat(flag.path("errors").get(0).path("field").asText()).isEqualTo("allow_large_scope");
    }

    @Test
    void aPreviewSubtractsEveryDenyListRangeAnEntryOverlapsAndNamesEachRule() {
        TestServer.Response r = alice.post("/v1/scope/preview?allow_large_scope=true", scope("\"192.0.0.0/2\""));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode range = r.json().path("in_scope_cidrs").get(0);
        assertThat(range.path("addresses").asText()).isEqualTo("1073741824");
        assertThat(range.path("denied_by").asText()).isEqualTo("platform.multicast");
        JsonNode denials = range.path("denials");
        assertThat(denials).hasSize(3);
        assertThat(denials.get(0).path("rule").asText()).isEqualTo("platform.multicast");
        assertThat(denials.get(0).path("cidr").asText()).isEqualTo("224.0.0.0/4");
        assertThat(denials.get(0).path("addresses").asText()).isEqualTo("268435456");
        assertThat(denials.get(1).path("rule").asText()).isEqualTo("platform.broadcast");
        assertThat(denials.get(2).path("rule").asText()).isEqualTo("platform.reserved");
        // 224-255 is denied (broadcast lies inside reserved): half of the range is left
        assertThat(range.path("denied_addresses").asText()).isEqualTo("536870912");
        assertThat(range.path("testable_addresses").asText()).isEqualTo("536870912");
        assertThat(r.json().path("testable_addresses").asText()).isEqualTo("536870912");
    }

    @Test
    void aMalformedScopePreviewIsA400NamingTheField() {
        TestServer.Response r = alice.post("/v1/scope/preview", """
                {"in_scope_domains":[],"in_scope_cidrs":["10.0.0.1/24"],"out_of_scope":[],"risk_tier":"safe_active","windows":[]}""");
        assertProblem(r, 400, "validation");
        assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("in_scope_cidrs[0]");
    }

    @Test
    void aPlanPreviewShowsTheStepsAndStoresNothing() {
        String engagement = alice.createEngagement().path("id").asText();
        long plansBefore = server.rowCounts().get("plans");
        TestServer.Response r = alice.post("/v1/engagements/" + engagement + "/plan/preview", Api.PLAN);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("id")).isFalse();
        assertThat(r.json().path("steps").size()).isGreaterThan(0);
        assertThat(r.json().path("estimated_duration_seconds").asLong()).isPositive();
        assertThat(server.rowCounts().get("plans")).isEqualTo(plansBefore);
    }

    @Test
    void aPlanPreviewBreakingARuleIsThe422OfCreatingIt() {
        String engagement = alice.createEngagement().path("id").asText();
        TestServer.Response r = alice.post("/v1/engagements/" + engagement + "/plan/preview", """
                {"selected_tests":[{"id":"no.such.test"}],"agents":{"strategy":"recommended"},"risk_tier":"safe_active"}""");
        assertProblem(r, 422, "unprocessable");
    }

    @Test
    void anotherTenantsEngagementHasNoPlanPreview() {
        String engagement = alice.createEngagement().path("id").asText();
        assertProblem(new Api(server, "t_other").post("/v1/engagements/" + engagement + "/plan/preview", Api.PLAN), 404, "not-found");
    }

    @Test
    void planOptionsSayWhichTestsTheEngagementMaySelectAndWhyNot() {
        // the Api template engagement offers both CIDRs and domains at risk tier safe_active
        String engagement = alice.createEngagement().path("id").asText();
        TestServer.Response r = alice.get("/v1/engagements/" + engagement + "/plan/options");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("risk_tier").asText()).isEqualTo("safe_active");
        assertThat(r.json().path("run_mode").asText()).isEqualTo("simulated");
        JsonNode sweep = option(r.json(), "network.discovery.ping_sweep");
        assertThat(sweep.path("selectable").asBoolean()).isTrue();
        assertThat(sweep.path("reasons").size()).isZero();
        JsonNode refused = null;
        for (JsonNode o : r.json().path("tests")) {
            if (!o.path("selectable").asBoolean()) {
                refused = o;
                break;
            }
        }
        assertThat(refused).as("a test above safe_active exists in the catalog").isNotNull();
        assertThat(refused.path("reasons").get(0).asText()).contains("above the plan's risk tier safe_active");

        TestServer.Response passive = alice.get("/v1/engagements/" + engagement + "/plan/options?risk_tier=passive");
        assertThat(option(passive.json(), "network.discovery.ping_sweep").path("selectable").asBoolean()).isFalse();
        assertProblem(alice.get("/v1/engagements/" + engagement + "/plan/options?risk_tier=intrusive"), 422, "unprocessable");
        assertProblem(alice.get("/v1/engagements/" + engagement + "/plan/options?risk_tier=loud"), 400, "validation");
        assertProblem(new Api(server, "t_other").get("/v1/engagements/" + engagement + "/plan/options"), 404, "not-found");
    }

    private static JsonNode option(JsonNode options, String id) {
        for (JsonNode o : options.path("tests")) {
            if (o.path("test").path("id").asText().equals(id)) {
                return o;
            }
        }
        throw new AssertionError(id + " is not among the options: " + options);
    }
}
