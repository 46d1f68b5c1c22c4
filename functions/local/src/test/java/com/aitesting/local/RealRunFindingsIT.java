package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.executors.ExecutorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The findings side of a real run, end to end over HTTP on the embedded default (SIMULATE_PROGRESS=false):
 * an engagement of two loopback addresses with its authorization, a plan of discovery, the port scan and the
 * HTTP header check, a real run against a TCP listener and a bare HTTP server this test starts, then the
 * run's findings, the engagement's view, and both exports (the SARIF log's schema validity is FindingsApiIT's).
 */
class RealRunFindingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> AUTH = Map.of("X-Dev-User", "yered", "X-Dev-Email", "yered@example.com",
            "X-Tenant-Id", LocalApi.TENANT);

    @TempDir
    static Path dir;
    private static LocalRuntime runtime;
    private static LocalApi api;
    private static final HttpClient client = HttpClient.newHttpClient();
    private static ServerSocket ssh;
    private static HttpServer web;

    @BeforeAll
    static void start() throws IOException {
        ssh = new ServerSocket();
        ssh.bind(new InetSocketAddress(InetAddress.getByName("127.0.84.1"), 22));
        Thread.ofVirtual().start(() -> {
            while (!ssh.isClosed()) {
                try {
                    ssh.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        });
        // an HTTP server that sets none of the security headers
        web = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.84.2"), 8000), 16);
        web.createContext("/", exchange -> {
            byte[] body = "<html><body>scan me</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        web.start();
        ExecutorSettings real = ExecutorSettings.fromEnvironment(Map.of("SCAN_ALLOW_LOOPBACK", "true",
                "SCAN_CONNECT_TIMEOUT_MS", "500", "SCAN_IO_TIMEOUT_MS", "2000", "DNS_RESOLVER", "127.0.0.1:1"));
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null)
                .withSimulateStep(Duration.ZERO).withRealSteps(real));
        api = new LocalApi(runtime.apiUrl());
    }

    @AfterAll
    static void stop() throws IOException {
        if (web != null) {
            web.stop(0);
        }
        if (ssh != null) {
            ssh.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.apiUrl() + path)).timeout(Duration.ofSeconds(30));
        AUTH.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void aRealRunsFindingsAreListedAndExportedAsWhatWasObserved() throws Exception {
        String withoutAuthorization = """
                {"name":"My laptop","tenant_id":"t_demo","type":"network","scope":{"in_scope_domains":[],\
                "in_scope_cidrs":["127.0.84.0/30"],"out_of_scope":[],"risk_tier":"safe_active","windows":[],"rate_limit":5000}}""";
        List<String> tests = List.of("network.discovery.ping_sweep", "network.nmap.tcp_top_1000", "http.security_headers");
        LocalApi.Planned refused = api.plan(withoutAuthorization, tests);
        HttpResponse<String> noRun = api.post("/v1/tests",
                "{\"engagement_id\":\"%s\",\"plan_id\":\"%s\"}".formatted(refused.engagement(), refused.plan()));
        assertThat(noRun.statusCode()).as(noRun.body()).isEqualTo(422);
        assertThat(json(noRun).path("type").asText()).endsWith("/authorization-required");

        LocalApi.Planned planned = api.plan(withoutAuthorization.replace("\"scope\":",
                "\"authorization\":{\"reference\":\"SEC-4711 self-test\"},\"scope\":"), tests);
        String run = api.startRun(planned);
        JsonNode done = api.awaitRun(run, r -> r.get("status").asText().matches("completed|failed|aborted"), Duration.ofSeconds(90));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");

        // the run's findings: the two open ports and the headers the bare server does not send, nothing invented
        JsonNode findings = json(get("/v1/tests/" + run + "/findings"));
        Set<String> openPorts = StreamSupport.stream(findings.spliterator(), false)
                .filter(f -> f.path("rule_id").asText().equals("network.port.open"))
                .map(f -> f.path("target").path("address").asText() + ":" + f.path("target").path("port").asInt())
                .collect(Collectors.toSet());
        assertThat(openPorts).containsExactlyInAnyOrder("127.0.84.1:22", "127.0.84.2:8000");
        Set<String> headerRules = StreamSupport.stream(findings.spliterator(), false)
                .filter(f -> f.path("test_id").asText().equals("http.security_headers"))
                .map(f -> f.path("rule_id").asText()).collect(Collectors.toSet());
        assertThat(headerRules).contains("http.header.csp_missing", "http.header.x_frame_options_missing",
                "http.header.x_content_type_options_missing");
        StreamSupport.stream(findings.spliterator(), false).forEach(f -> {
            assertThat(f.path("run_id").asText()).isEqualTo(run);
            assertThat(f.path("fingerprint").asText()).hasSize(32);
            assertThat(f.path("target").path("address").asText()).as("only the engagement's own addresses")
                    .matches("127\\.0\\.84\\.[0-3]");
        });
        JsonNode low = json(get("/v1/tests/" + run + "/findings?severity=low"));
        assertThat(low.size()).isPositive().isLessThan(findings.size());
        StreamSupport.stream(low.spliterator(), false).forEach(f -> assertThat(f.path("severity").asText()).isNotEqualTo("info"));

        // the engagement's view: every issue once, first and last seen in this run
        JsonNode issues = json(get("/v1/engagements/" + planned.engagement() + "/findings"));
        assertThat(issues.size()).isEqualTo(findings.size());
        StreamSupport.stream(issues.spliterator(), false).forEach(i -> {
            assertThat(i.path("first_seen").path("run_id").asText()).isEqualTo(run);
            assertThat(i.path("last_seen").path("run_id").asText()).isEqualTo(run);
        });

        // SARIF: valid, one result per finding with the same fingerprints
        HttpResponse<String> sarif = get("/v1/tests/" + run + "/findings?format=sarif");
        assertThat(sarif.statusCode()).isEqualTo(200);
        assertThat(sarif.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/sarif+json"));
        assertThat(sarif.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(run + ".sarif"));
        assertThat(json(sarif).path("version").asText()).isEqualTo("2.1.0"); // schema validity: FindingsApiIT
        JsonNode results = json(sarif).path("runs").get(0).path("results");
        assertThat(results.size()).isEqualTo(findings.size());
        Set<String> fingerprints = StreamSupport.stream(findings.spliterator(), false).map(f -> f.path("fingerprint").asText())
                .collect(Collectors.toSet());
        assertThat(StreamSupport.stream(results.spliterator(), false)
                .map(r -> r.path("partialFingerprints").path("aiTestingFingerprint/v1").asText()).collect(Collectors.toSet()))
                .isEqualTo(fingerprints);

        // DefectDojo: the same findings, identified by the same fingerprints
        HttpResponse<String> dojo = get("/v1/tests/" + run + "/findings?format=defectdojo");
        assertThat(dojo.statusCode()).isEqualTo(200);
        JsonNode items = json(dojo).path("findings");
        assertThat(StreamSupport.stream(items.spliterator(), false).map(f -> f.path("unique_id_from_tool").asText())
                .collect(Collectors.toSet())).isEqualTo(fingerprints);
        assertThat(StreamSupport.stream(items.spliterator(), false).map(f -> f.path("severity").asText()).collect(Collectors.toSet()))
                .isSubsetOf("Info", "Low", "Medium", "High", "Critical");
    }

    /**
     * A target chooses what it sends, NUL bytes included, which PostgreSQL cannot store: the run must still
     * complete, and the findings quote what was sent with the NUL written as an escape, not dropped.
     */
    @Test
    void aServerThatSendsNulBytesInItsHeadersCannotFailTheRun() throws Exception {
        try (ServerSocket hostile = new ServerSocket()) {
            hostile.bind(new InetSocketAddress(InetAddress.getByName("127.0.84.5"), 8008));
            Thread.ofVirtual().start(() -> {
                while (!hostile.isClosed()) {
                    try (java.net.Socket client = hostile.accept()) {
                        client.setSoTimeout(2000);
                        byte[] head = new byte[4096];
                        client.getInputStream().read(head);
                        client.getOutputStream().write(("HTTP/1.1 200 OK\r\nAllow: GET\0POST, TRACE\r\n"
                                + "Set-Cookie: x\0y=1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                                .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        if (hostile.isClosed()) {
                            return;
                        }
                    }
                }
            });
            String engagement = """
                    {"name":"Hostile","tenant_id":"t_demo","type":"network","authorization":{"reference":"SEC-4712"},\
                    "scope":{"in_scope_domains":[],"in_scope_cidrs":["127.0.84.5/32"],"out_of_scope":[],\
                    "risk_tier":"safe_active","windows":[],"rate_limit":5000}}""";
            LocalApi.Planned planned = api.plan(engagement, List.of("network.nmap.tcp_top_1000", "http.methods_and_redirects",
                    "http.security_headers"));
            String run = api.startRun(planned);
            JsonNode done = api.awaitRun(run, r -> r.get("status").asText().matches("completed|failed|aborted"), Duration.ofSeconds(90));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");

            JsonNode findings = json(get("/v1/tests/" + run + "/findings"));
            Map<String, JsonNode> byRule = StreamSupport.stream(findings.spliterator(), false)
                    .collect(Collectors.toMap(f -> f.path("rule_id").asText(), f -> f, (a, b) -> a));
            assertThat(byRule).containsKeys("http.methods.allowed", "http.cookie.httponly_missing");
            assertThat(byRule.get("http.methods.allowed").path("evidence").path("allow").asText()).isEqualTo("GET\\u0000POST, TRACE");
            assertThat(byRule.get("http.cookie.httponly_missing").path("evidence").path("cookies").get(0).asText()).isEqualTo("x\\u0000y");
        }
    }
}
