package com.aitesting.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.aitesting.aws.dataapi.DataApiTarget;
import com.aitesting.aws.dataapi.JdbcRdsDataClient;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.PostgresRunEventStore;
import com.aitesting.postgres.PostgresRunRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two functions of an AWS deployment, each a real app on Netty over one embedded database:
 * <ul>
 * <li>the API (as behind API Gateway; dev headers stand in for the authorizer here) with EVENT_STREAM_URL,
 *     so its events links are absolute on the stream's URL;</li>
 * <li>the SSE function as the stack configures it: AUTH_MODE=stream_token, EVENT_TAIL=data_api (the Data
 *     API played by JdbcRdsDataClient on the same database, as the restricted role),
 *     DEPLOYMENT_TENANT_ID, and the same stream-token key.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamTokenFunctionIT {
    private static final String KEY = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
    private static final String STREAM_URL = "https://abc123.lambda-url.eu-west-1.on.aws";
    private static final String SOCKET_URL = "wss://def456.execute-api.eu-west-1.amazonaws.com/live";
    private static final DataApiTarget TARGET = new DataApiTarget("arn:aws:rds:eu-west-1:1:cluster:ait-test",
            "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf", "aitesting");

    private TestServer api;
    private JdbcRdsDataClient dataApi;
    private ApplicationContext sseContext;
    private EmbeddedServer sse;

    @BeforeAll
    void start() {
        api = TestServer.start(Map.of("STREAM_TOKEN_SECRET", KEY, "ait.deployment.event-stream-url", STREAM_URL + "/",
                "LIVE_WEBSOCKET_URL", SOCKET_URL + "/",
                "ait.simulate-progress", "false"));
        dataApi = new JdbcRdsDataClient(api.database().appDataSource(), TARGET);
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("ait.auth-mode", "stream_token");
        props.put("EVENT_TAIL", "data_api");
        props.put("EVENT_POLL_MS", "50");
        props.put("DATA_API_CLUSTER_ARN", TARGET.clusterArn());
        props.put("DATA_API_SECRET_ARN", TARGET.secretArn());
        props.put("DATABASE_NAME", TARGET.database());
        props.put("DEPLOYMENT_TENANT_ID", "t_a");
        props.put("STREAM_TOKEN_SECRET", KEY);
        sseContext = ApplicationContext.builder().properties(props).singletons(dataApi).start();
        sse = sseContext.getBean(EmbeddedServer.class).start();
    }

    @AfterAll
    void stop() {
        sse.stop();
        sseContext.close();
        dataApi.close();
        api.close();
    }

    private record Started(RunId run, JsonNode created) {}

    private Started startRun(String tenant) {
        Api client = new Api(api, tenant);
        JsonNode engagement = client.createEngagement();
        // this deployment runs tests for real (SIMULATE_PROGRESS=false), which needs a recorded authorization
        assertThat(client.put("/v1/engagements/" + engagement.path("id").asText() + "/authorization",
                "{\"reference\":\"SEC-1\"}").status()).isEqualTo(200);
        JsonNode plan = client.createPlan(engagement.path("id").asText());
        JsonNode run = client.startRun(engagement.path("id").asText(), plan.path("id").asText());
        return new Started(RunId.parse(run.path("id").asText()), run);
    }

    private JsonNode streamToken(String tenant, RunId run) {
        TestServer.Response r = api.postJson("/v2/runs/" + run + "/stream-token", "", Api.devHeaders(tenant));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private void complete(String tenant, RunId run) {
        PostgresTransactions tx = new PostgresTransactions(api.database().appDataSource());
        tx.inTenant(new TenantId(tenant), () -> {
            new PostgresRunEventStore(tx).append(run, new NewRunEvent(RunEventType.STEP_PROGRESS, Map.of("percent", 50, "message", "half"), "p50"));
            new PostgresRunRepository(tx).transition(run, RunLifecycle.ACTIVE, RunStatus.COMPLETED, Instant.now());
            return new PostgresRunEventStore(tx).append(run, new NewRunEvent(RunEventType.RUN_COMPLETED, Map.of(), "done"));
        });
    }

    private String sseUrl(String pathAndQuery) {
        return "http://localhost:" + sse.getPort() + pathAndQuery;
    }

    private HttpResponse<String> sseGet(String pathAndQuery, Map<String, String> headers) throws Exception {
        return sseSend("GET", pathAndQuery, headers);
    }

    private HttpResponse<String> sseSend(String method, String pathAndQuery, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sseUrl(pathAndQuery)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return SseClient.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The stream-token query of an events_url from the API, applied to the local SSE server. */
    private static String localPath(String eventsUrl) {
        assertThat(eventsUrl).startsWith(STREAM_URL + "/v2/runs/");
        return eventsUrl.substring(STREAM_URL.length());
    }

    @Test
    void theApisEventsLinksAreAbsoluteOnTheStreamFunctionsUrl() {
        Started started = startRun("t_a");
        String expected = STREAM_URL + "/v2/runs/" + started.run() + "/events";
        assertThat(started.created().path("events_url").asText()).isEqualTo(expected);
        assertThat(api.get("/v1/tests/" + started.run(), Api.devHeaders("t_a")).json().path("events_url").asText()).isEqualTo(expected);
        assertThat(streamToken("t_a", started.run()).path("events_url").asText()).startsWith(expected + "?stream_token=");
    }

    @Test
    void theGrantOffersTheWebSocketApisStageAbsoluteWithItsTokenAndTheConsoleMayConnectThere() {
        Started started = startRun("t_a");
        JsonNode grant = streamToken("t_a", started.run());
        assertThat(grant.path("websocket_url").asText()).isEqualTo(SOCKET_URL + "?stream_token="
                + java.net.URLEncoder.encode(grant.path("token").asText(), java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(api.get("/console", Map.of()).header("Content-Security-Policy"))
                .contains("connect-src 'self' " + STREAM_URL + " wss://def456.execute-api.eu-west-1.amazonaws.com;");
    }

    @Test
    void aValidStreamTokenStreamsTheRunThroughTheDataApi() {
        Started started = startRun("t_a");
        complete("t_a", started.run());
        String path = localPath(streamToken("t_a", started.run()).path("events_url").asText());

        try (SseClient client = SseClient.open(URI.create(sseUrl(path)), Map.of())) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            assertThat(client.response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            List<SseClient.Frame> events = client.remainingEvents();
            assertThat(events).extracting(SseClient.Frame::type).containsExactly("run.queued", "step.progress", "run.completed");
            assertThat(events).extracting(SseClient.Frame::id).containsExactly("1", "2", "3");
        }
        assertThat(dataApi.requests).isNotEmpty();
        assertThat(dataApi.openTransactions()).isZero();
    }

    @Test
    void aLiveRunStreamsNewEventsSignalledByTheDataApiPoller() throws Exception {
        Started started = startRun("t_a");
        String path = localPath(streamToken("t_a", started.run()).path("events_url").asText());
        try (SseClient client = SseClient.open(URI.create(sseUrl(path)), Map.of())) {
            assertThat(client.response.statusCode()).isEqualTo(200);
            complete("t_a", started.run());
            assertThat(client.remainingEvents()).extracting(SseClient.Frame::type)
                    .containsExactly("run.queued", "step.progress", "run.completed");
        }
    }

    @Test
    void eventsWithoutAValidTokenAreRefused() throws Exception {
        Started started = startRun("t_a");
        String events = "/v2/runs/" + started.run() + "/events";
        assertProblem(sseGet(events, Map.of()), 401);
        assertProblem(sseGet(events, Api.devHeaders("t_a")), 401); // dev headers mean nothing here
        assertProblem(sseGet(events, Map.of("Authorization", "Bearer " + unsignedJwt("t_a"))), 401); // nor does an unverified JWT
        assertProblem(sseGet(events + "?stream_token=not-a-token", Map.of()), 401);
        assertProblem(sseGet(events + "?stream_token=A." + "A".repeat(43), Map.of()), 401); // no base64: 4n+1 characters
        // a genuine token for another run
        Started other = startRun("t_a");
        String otherToken = streamToken("t_a", other.run()).path("token").asText();
        assertProblem(sseGet(events + "?stream_token=" + otherToken, Map.of()), 401);
    }

    @Test
    void aGenuineTokenForAnotherTenantIsRefusedByThisDeployment() throws Exception {
        Started foreign = startRun("t_b"); // the API of this test serves any tenant; the SSE function only t_a
        String path = localPath(streamToken("t_b", foreign.run()).path("events_url").asText());
        HttpResponse<String> response = sseGet(path, Map.of());
        assertProblem(response, 401);
        assertThat(response.body()).doesNotContain("t_b");
    }

    @Test
    void everythingElseIsNotServed() throws Exception {
        Started started = startRun("t_a");
        Map<String, String> dev = Api.devHeaders("t_a");
        assertProblem(sseGet("/v1/engagements", dev), 404);
        assertProblem(sseGet("/v1/tests/" + started.run(), dev), 404);
        assertProblem(sseSend("POST", "/v2/runs/" + started.run() + "/stream-token", dev), 404);
        assertProblem(sseSend("POST", "/v2/runs/" + started.run() + "/control", dev), 404);
        assertProblem(sseGet("/health", Map.of()), 404);
        assertProblem(sseGet("/docs", Map.of()), 404);
        assertProblem(sseGet("/docs/openapi.yml", Map.of()), 404);
        assertProblem(sseGet("/", Map.of()), 404);
        // the token does not open other routes either
        String token = streamToken("t_a", started.run()).path("token").asText();
        assertProblem(sseGet("/v1/tests/" + started.run() + "?stream_token=" + token, Map.of()), 404);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("%s", response.uri())
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    }

    private static String unsignedJwt(String tenant) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b64.encodeToString(("{\"sub\":\"u1\",\"tenant_id\":\"" + tenant + "\"}").getBytes()) + ".sig";
    }
}
