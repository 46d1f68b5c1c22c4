package com.aitesting.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The spec's requests as one tenant, on a {@link TestServer}. */
public final class Api {
    public static final String ENGAGEMENT_TEMPLATE = """
            {"name":"Demo Net","tenant_id":"%s","type":"network","scope":{"in_scope_domains":["example.com"],\
            "in_scope_cidrs":["10.0.0.0/24"],"out_of_scope":[],"risk_tier":"safe_active","windows":[]}}""";
    public static final String PLAN = """
            {"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"network.nmap.tcp_top_1000"}],\
            "agents":{"strategy":"recommended"},"risk_tier":"safe_active"}""";

    private final TestServer server;
    private final String tenant;
    private final Map<String, String> headers;

    public Api(TestServer server, String tenant) {
        this.server = server;
        this.tenant = tenant;
        this.headers = devHeaders(tenant);
    }

    public static Map<String, String> devHeaders(String tenant) {
        return Map.of("X-Dev-User", "yered", "X-Dev-Email", "yered@example.com", "X-Tenant-Id", tenant);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String tenant() {
        return tenant;
    }

    public TestServer.Response get(String path) {
        return server.get(path, headers);
    }

    public TestServer.Response post(String path, String json) {
        return server.postJson(path, json, headers);
    }

    public TestServer.Response put(String path, String json) {
        return server.send("PUT", path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    public JsonNode createEngagement() {
        TestServer.Response r = post("/v1/engagements", ENGAGEMENT_TEMPLATE.formatted(tenant));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    public JsonNode createPlan(String engagementId) {
        TestServer.Response r = post("/v1/engagements/" + engagementId + "/plan", PLAN);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }

    public JsonNode startRun(String engagementId, String planId) {
        TestServer.Response r = post("/v1/tests", "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}".formatted(engagementId, planId));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json();
    }
}
