package com.aitesting.api.problem;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS enabled for one console origin: what it refuses is a problem+json like every other error. */
class CorsRefusalIT {
    private static final String CONSOLE = "https://console.example.com";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "micronaut.server.cors.enabled", true,
                "micronaut.server.cors.configurations.console.allowed-origins", List.of(CONSOLE),
                "micronaut.server.cors.configurations.console.allowed-methods", List.of("GET", "POST")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> from(String origin, Map<String, String> more) {
        Map<String, String> headers = new HashMap<>(Api.devHeaders("t_cors"));
        headers.put("Origin", origin);
        headers.putAll(more);
        return headers;
    }

    @Test
    void aRequestFromAnOriginNotConfiguredIs403CorsRefusedProblem() {
        TestServer.Response r = server.get("/v1/engagements", from("https://evil.example", Map.of()));
        assertProblem(r, 403, "cors-refused");
        assertThat(r.json().path("instance").asText()).isEqualTo("/v1/engagements");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aPreflightForAMethodNotAllowedIs403CorsRefusedProblem() {
        TestServer.Response r = server.send("OPTIONS", "/v1/engagements", null, null,
                from(CONSOLE, Map.of("Access-Control-Request-Method", "DELETE")));
        assertProblem(r, 403, "cors-refused");
    }

    @Test
    void theConfiguredOriginIsServedAsBefore() {
        TestServer.Response r = server.get("/v1/engagements", from(CONSOLE, Map.of()));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(CONSOLE);
        TestServer.Response preflight = server.send("OPTIONS", "/v1/engagements", null, null,
                from(CONSOLE, Map.of("Access-Control-Request-Method", "POST")));
        assertThat(preflight.status()).as("%s", preflight).isEqualTo(200);
    }

    @Test
    void aRequestWithoutOriginIsNotACrossOriginRequestAtAll() {
        TestServer.Response r = server.get("/v1/engagements", Api.devHeaders("t_cors"));
        assertThat(r.status()).isEqualTo(200);
    }

    /** The default: CORS off. A browser page of another origin calling the local API is refused alike. */
    @org.junit.jupiter.api.Nested
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    class WithCorsDisabled {
        private TestServer local;

        @BeforeAll
        void start() {
            local = TestServer.start(Map.of());
        }

        @AfterAll
        void stop() {
            local.close();
        }

        @Test
        void anotherOriginIs403CorsRefusedProblemAndTheConsolesOwnOriginIsServed() {
            TestServer.Response r = local.get("/v1/engagements", from("https://evil.example", Map.of()));
            assertProblem(r, 403, "cors-refused");
            TestServer.Response preflight = local.send("OPTIONS", "/v1/engagements", null, null,
                    from("https://evil.example", Map.of("Access-Control-Request-Method", "POST")));
            assertProblem(preflight, 403, "cors-refused");
            TestServer.Response own = local.get("/v1/engagements", from(local.baseUrl(), Map.of()));
            assertThat(own.status()).as("%s", own).isEqualTo(200);
        }
    }
}
