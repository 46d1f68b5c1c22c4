package com.aitesting.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The custom resource's answer, PUT to a loopback server standing in for the pre-signed ResponseURL. */
class MigrationHandlerTest {
    private record Received(String method, String contentType, Map<String, Object> body) {}

    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger migrations = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void responseUrl() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = new ObjectMapper().readValue(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.class);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, Object> event(String type) {
        return Map.of("RequestType", type, "ResponseURL", "http://127.0.0.1:" + server.getAddress().getPort() + "/signed?X-Amz-Signature=x",
                "StackId", "arn:aws:cloudformation:us-east-1:1:stack/ait/1", "RequestId", "req-1", "LogicalResourceId", "Migrations");
    }

    @Test
    void createRunsTheMigrationsAndAnswersSuccess() {
        new MigrationHandler(() -> migrations.addAndGet(4), HttpClient.newHttpClient()).handleRequest(event("Create"), null);
        assertThat(migrations).hasValue(4);
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.contentType()).isNull();
            assertThat(r.body()).containsEntry("Status", "SUCCESS")
                    .containsEntry("PhysicalResourceId", MigrationHandler.PHYSICAL_ID)
                    .containsEntry("StackId", "arn:aws:cloudformation:us-east-1:1:stack/ait/1")
                    .containsEntry("RequestId", "req-1")
                    .containsEntry("LogicalResourceId", "Migrations")
                    .containsEntry("Reason", "applied 4 migrations");
        });
    }

    @Test
    void aFailedMigrationAnswersFailedWithTheReason() {
        new MigrationHandler(() -> {
            throw new IllegalStateException("Validate failed: checksum mismatch for V003");
        }, HttpClient.newHttpClient()).handleRequest(event("Update"), null);
        assertThat(received).singleElement().satisfies(r -> assertThat(r.body())
                .containsEntry("Status", "FAILED")
                .containsEntry("Reason", "IllegalStateException: Validate failed: checksum mismatch for V003"));
    }

    @Test
    void deleteKeepsTheDatabaseAndEchoesThePhysicalId() {
        Map<String, Object> event = new java.util.HashMap<>(event("Delete"));
        event.put("PhysicalResourceId", "previous-id");
        new MigrationHandler(migrations::incrementAndGet, HttpClient.newHttpClient()).handleRequest(event, null);
        assertThat(migrations).hasValue(0);
        assertThat(received).singleElement().satisfies(r -> assertThat(r.body())
                .containsEntry("Status", "SUCCESS").containsEntry("PhysicalResourceId", "previous-id"));
    }
}
