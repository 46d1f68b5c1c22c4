package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No cache keeps a /v1 or /v2 answer and no browser sniffs its type: data, credentials and errors alike. */
class ApiResponseHeadersIT {
    private static TestServer server;
    private static Api alice;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = new Api(server, "t_headers");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dataCredentialsAndErrorsAreNotStoredNorSniffed() {
        String engagement = alice.createEngagement().path("id").asText();
        String plan = alice.createPlan(engagement).path("id").asText();
        String run = alice.startRun(engagement, plan).path("id").asText();
        Map<String, TestServer.Response> answers = Map.of(
                "list", alice.get("/v1/engagements"),
                "run", alice.get("/v1/tests/" + run),
                "stream token", alice.post("/v2/runs/" + run + "/stream-token", ""),
                "not found", alice.get("/v1/engagements/" + java.util.UUID.randomUUID()),
                "unauthorized", server.get("/v1/engagements", Map.of()),
                "validation", alice.post("/v1/engagements", "{}"));
        answers.forEach((what, response) -> {
            assertThat(response.status()).as(what).isBetween(200, 499);
            assertThat(values(response, "Cache-Control")).as(what).containsExactly("no-store");
            assertThat(values(response, "X-Content-Type-Options")).as(what).as("sent once").containsExactly("nosniff");
        });
    }

    /** Every line of header {@code name}: a problem is marked by Problems and again by the filter, once in all. */
    private static java.util.List<String> values(TestServer.Response response, String name) {
        return response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    @Test
    void anEndpointsOwnCachePolicyStands() {
        String engagement = alice.createEngagement().path("id").asText();
        String run = alice.startRun(engagement, alice.createPlan(engagement).path("id").asText()).path("id").asText();
        TestServer.Response head = server.send("HEAD", "/v2/runs/" + run + "/events", null, null, alice.headers());
        assertThat(head.status()).isEqualTo(200);
        assertThat(values(head, "Cache-Control")).containsExactly("no-cache");
        assertThat(values(head, "X-Content-Type-Options")).containsExactly("nosniff");
    }
}
