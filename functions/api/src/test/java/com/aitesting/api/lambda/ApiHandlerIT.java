package com.aitesting.api.lambda;

import static com.aitesting.api.support.ProblemAssert.assertNoLeak;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.TestServer;
import com.aitesting.postgres.EmbeddedDatabase;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API Gateway entry point: HTTP API (payload 2.0) event fixtures from src/test/resources/lambda go
 * through {@link ApiHandler#handleRequest} into the same controllers, on the embedded database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiHandlerIT {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private EmbeddedDatabase.Migrated db;
    private ApiHandler devHandler;
    private ApiHandler jwtHandler;

    @BeforeAll
    void start() {
        db = EmbeddedDatabase.createMigrated();
        devHandler = new ApiHandler(ApplicationContext.run(TestServer.appProperties(db)));
        Map<String, Object> jwt = new HashMap<>(TestServer.appProperties(db));
        jwt.put("ait.auth-mode", "jwt");
        jwt.putAll(ApiHandler.PROPERTIES);
        jwtHandler = new ApiHandler(ApplicationContext.run(jwt));
    }

    @AfterAll
    void stop() {
        devHandler.close();
        jwtHandler.close();
        db.close();
    }

    @Test
    void healthAnswersThroughTheLambdaHandler() throws IOException {
        APIGatewayV2HTTPResponse response = devHandler.handleRequest(event("health-get.json"), new FakeContext());
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(body(response)).path("status").asText()).isEqualTo("up");
    }

    @Test
    void postingAnEngagementWithDevHeadersCreatesIt() throws IOException {
        APIGatewayV2HTTPResponse response = devHandler.handleRequest(event("engagement-post-dev.json"), new FakeContext());
        assertThat(response.getStatusCode()).as(body(response)).isEqualTo(201);
        JsonNode created = JSON.readTree(body(response));
        assertThat(created.path("tenant_id").asText()).isEqualTo("t_demo");
        assertThat(created.path("created_by").asText()).isEqualTo("yered");
        assertThat(header(response, "Location")).isEqualTo("/v1/engagements/" + created.path("id").asText());
    }

    @Test
    void inJwtModeTheTenantComesFromTheTokenAndDevHeadersAreIgnored() throws IOException {
        APIGatewayV2HTTPResponse response = jwtHandler.handleRequest(event("engagement-post-jwt.json"), new FakeContext());
        assertThat(response.getStatusCode()).as(body(response)).isEqualTo(201);
        JsonNode created = JSON.readTree(body(response));
        assertThat(created.path("tenant_id").asText()).isEqualTo("t_jwt"); // the fixture's X-Tenant-Id says t_demo
        assertThat(created.path("created_by").asText()).isEqualTo("8f0c7d2e-user");
    }

    @Test
    void theAuthorizersClaimsDecideEvenWhenTheHeaderNamesAnotherTenant() throws IOException {
        APIGatewayV2HTTPEvent event = event("engagement-post-jwt.json");
        String b64 = "eyJhbGciOiJub25lIn0"; // {"alg":"none"}
        String victim = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"mallory\",\"tenant_id\":\"t_victim\",\"exp\":4102444800}".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", "Bearer " + b64 + "." + victim + ".");
        event.setHeaders(headers);
        APIGatewayV2HTTPResponse response = jwtHandler.handleRequest(event, new FakeContext());
        assertThat(response.getStatusCode()).as(body(response)).isEqualTo(201);
        JsonNode created = JSON.readTree(body(response));
        assertThat(created.path("tenant_id").asText()).isEqualTo("t_jwt");
        assertThat(created.path("created_by").asText()).isEqualTo("8f0c7d2e-user");

        // and with the header's tenant in the body: the authorizer's tenant is the caller, so it is refused
        event.setBody(event.getBody().replace("\"tenant_id\":\"t_jwt\"", "\"tenant_id\":\"t_victim\""));
        APIGatewayV2HTTPResponse refused = jwtHandler.handleRequest(event, new FakeContext());
        assertThat(refused.getStatusCode()).as(body(refused)).isEqualTo(422);
    }

    @Test
    void theRuntimesConstructorStartsInJwtModeWithoutJwksSettingsAndReadsTheAuthorizersClaims() throws IOException {
        // The Lambda runtime calls new ApiHandler(): its context must be the API Gateway one, or jwt mode
        // would refuse to start for lack of JWT_ISSUER / JWT_JWKS_URL (which the function has no use for).
        Map<String, Object> properties = new HashMap<>(TestServer.appProperties(db));
        properties.put("ait.auth-mode", "jwt");
        // as on AWS (the KMS client is made at first use, which this request never reaches: nothing connects)
        properties.put("ait.webhook.kms-key-arn", "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000");
        properties.forEach((k, v) -> System.setProperty(k, String.valueOf(v)));
        try (ApiHandler runtime = new ApiHandler()) {
            APIGatewayV2HTTPResponse response = runtime.handleRequest(event("engagement-post-jwt.json"), new FakeContext());
            assertThat(response.getStatusCode()).as(body(response)).isEqualTo(201);
            assertThat(JSON.readTree(body(response)).path("tenant_id").asText()).isEqualTo("t_jwt");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void inJwtModeARequestWithoutAuthorizerClaimsIs401EvenWithAValidLookingToken() throws IOException {
        APIGatewayV2HTTPEvent event = event("engagement-post-jwt.json");
        event.getRequestContext().setAuthorizer(null);
        APIGatewayV2HTTPResponse response = jwtHandler.handleRequest(event, new FakeContext());
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void inJwtModeDevHeadersAloneAre401() throws IOException {
        APIGatewayV2HTTPResponse response = jwtHandler.handleRequest(event("engagement-post-dev.json"), new FakeContext());
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
        assertThat(header(response, "WWW-Authenticate")).startsWith("Bearer");
        assertThat(JSON.readTree(body(response)).path("type").asText()).isEqualTo("https://ai-testing.dev/problems/unauthorized");
    }

    @Test
    void errorsAreProblemsThroughTheLambdaHandlerToo() throws IOException {
        APIGatewayV2HTTPEvent event = event("engagement-post-dev.json");
        event.setBody("{\"name\": ");
        APIGatewayV2HTTPResponse response = devHandler.handleRequest(event, new FakeContext());
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
        assertNoLeak(body(response));
        assertThat(JSON.readTree(body(response)).path("type").asText()).isEqualTo("https://ai-testing.dev/problems/validation");
    }

    private static APIGatewayV2HTTPEvent event(String fixture) throws IOException {
        try (InputStream in = ApiHandlerIT.class.getResourceAsStream("/lambda/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return JSON.readValue(in, APIGatewayV2HTTPEvent.class);
        }
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        String body = response.getBody();
        if (response.getIsBase64Encoded()) {
            return new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return body;
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() != null) {
            for (var e : response.getHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (var e : response.getMultiValueHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
        }
        return null;
    }

    /** The few Context values a handler may read; the Lambda runtime provides the real one. */
    private static final class FakeContext implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/ait-api"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "ait-api"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:123456789012:function:ait-api"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.println(message); }
                @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
