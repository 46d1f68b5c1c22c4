package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The README's calls over real HTTP as the dev user yered of tenant t_demo. */
final class LocalApi {
    static final String TENANT = "t_demo";
    static final String USER = "yered";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An engagement and its two-test plan (6 steps), ready to run. */
    record Planned(String engagement, String plan) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    LocalApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Planned plan() {
        HttpResponse<String> engagement = post("/v1/engagements", """
                {"name":"Demo Net","tenant_id":"t_demo","type":"network","scope":{"in_scope_domains":["example.com"],\
                "in_scope_cidrs":["10.0.0.0/24"],"out_of_scope":[],"risk_tier":"safe_active","windows":[]}}""");
        assertThat(engagement.statusCode()).as(engagement.body()).isEqualTo(201);
        String engagementId = json(engagement).get("id").asText();
        HttpResponse<String> plan = post("/v1/engagements/" + engagementId + "/plan", """
                {"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"network.nmap.tcp_top_1000"}],\
                "agents":{"strategy":"recommended"},"risk_tier":"safe_active"}""");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        return new Planned(engagementId, json(plan).get("id").asText());
    }

    /** An engagement with this body and a plan of these tests. */
    Planned plan(String engagementBody, List<String> tests) {
        HttpResponse<String> engagement = post("/v1/engagements", engagementBody);
        assertThat(engagement.statusCode()).as(engagement.body()).isEqualTo(201);
        String engagementId = json(engagement).get("id").asText();
        String selected = String.join(",", tests.stream().map(t -> "{\"id\":\"" + t + "\"}").toList());
        HttpResponse<String> plan = post("/v1/engagements/" + engagementId + "/plan", "{\"selected_tests\":[" + selected
                + "],\"agents\":{\"strategy\":\"recommended\"},\"risk_tier\":\"safe_active\"}");
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        return new Planned(engagementId, json(plan).get("id").asText());
    }

    /** POST /v1/tests; returns the run's id. */
    String startRun(Planned planned) {
        HttpResponse<String> run = post("/v1/tests",
                "{\"engagement_id\":\"" + planned.engagement() + "\",\"plan_id\":\"" + planned.plan() + "\"}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        return json(run).get("id").asText();
    }

    JsonNode run(String runId) {
        HttpResponse<String> run = send(request("/v1/tests/" + runId).GET());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        return json(run);
    }

    /** PUT /v2/settings/slack with the tenant's own webhook. */
    HttpResponse<String> setSlackWebhook(String url) {
        return send(request("/v2/settings/slack").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"webhook_url\":\"" + url + "\"}")));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> control(String runId, String action) {
        return post("/v2/runs/" + runId + "/control", "{\"action\":\"" + action + "\"}");
    }

    JsonNode awaitRun(String runId, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run;
        while (!condition.test(run = run(runId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not get there within " + timeout + "; it is " + run);
            }
            pause(Duration.ofMillis(20));
        }
        return run;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("X-Dev-User", USER).header("X-Dev-Email", "yered@example.com").header("X-Tenant-Id", TENANT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
