package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default as `./dev start` runs it: embedded PostgreSQL in a kept folder, the API on a port. */
class LocalRuntimeIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheApiAndDocsAndKeepsDataAcrossARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pgdata");
        LocalConfig config = new LocalConfig(0, data, false, null);
        String engagementId;

        Instant began = Instant.now();
        try (LocalRuntime runtime = new LocalRuntime().start(config)) {
            Duration startup = Duration.between(began, Instant.now());
            assertThat(startup).as("start-up incl. initdb").isLessThan(Duration.ofSeconds(30));
            String url = runtime.apiUrl();
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/health"))).statusCode()).isEqualTo(200);
            HttpResponse<String> docs = send(HttpRequest.newBuilder(URI.create(url + "/docs")));
            assertThat(docs.statusCode()).isEqualTo(200);
            assertThat(docs.body()).contains("swagger-ui");
            assertThat(send(HttpRequest.newBuilder(URI.create(url + "/docs/openapi.yml"))).body()).contains("/v1/engagements");

            HttpResponse<String> created = send(dev(HttpRequest.newBuilder(URI.create(url + "/v1/engagements")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"name":"Kept","tenant_id":"t_demo","type":"web","scope":{"in_scope_domains":["example.com"],\
                            "risk_tier":"passive"}}""")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            engagementId = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        }
        assertThat(Files.exists(data.resolve("PG_VERSION"))).isTrue();
        // the binaries the database ran from: this user's folder beside the data, not the library's shared one
        Path binaries = EmbeddedPostgresPart.binariesDir(data);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries))).isEqualTo("rwx------");
        try (var unpacked = Files.list(binaries.resolve("unpacked"))) {
            assertThat(unpacked.map(p -> p.getFileName().toString())).anyMatch(name -> name.startsWith("PG-"));
        }

        try (LocalRuntime again = new LocalRuntime().start(config)) {
            HttpResponse<String> kept = send(dev(HttpRequest.newBuilder(URI.create(again.apiUrl() + "/v1/engagements/" + engagementId))));
            assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
            assertThat(kept.body()).contains("\"name\":\"Kept\"");
        }
    }

    @Test
    void anEphemeralDatabaseLeavesNoDataFolder(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("unused");
        try (LocalRuntime runtime = new LocalRuntime().start(new LocalConfig(0, data, true, null))) {
            assertThat(send(HttpRequest.newBuilder(URI.create(runtime.apiUrl() + "/health"))).statusCode()).isEqualTo(200);
            assertThat(runtime.databaseDescription()).contains("throw-away");
        }
        assertThat(Files.exists(data)).isFalse();
    }

    private static HttpRequest.Builder dev(HttpRequest.Builder request) {
        return request.header("X-Dev-User", "yered").header("X-Dev-Email", "yered@example.com").header("X-Tenant-Id", "t_demo");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
