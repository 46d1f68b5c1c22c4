package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.core.run.Run;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LIVE_WEBSOCKET=false on the real app: /v2/ws refuses the upgrade (a 404 problem), stream tokens offer
 * no socket, and the SSE stream is served as ever.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveSocketOffIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static StreamTestApp app;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of("ait.live-websocket", "false"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The status line and headers (lower case) of the answer to a WebSocket upgrade of /v2/ws, over a plain socket (HttpClient refuses Upgrade). */
    static String upgrade(Map<String, String> headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.server.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            StringBuilder rest = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) { // the head only
                rest.append(line.toLowerCase()).append('\n');
            }
            char[] body = new char[400];
            int n = in.read(body);
            return status + "\n" + rest + new String(body, 0, Math.max(n, 0));
        }
    }

    @Test
    void theUpgradeIsRefusedWith404WhateverItsCredentials() throws Exception {
        for (Map<String, String> credentials : java.util.List.of(StreamTestApp.headers(ALICE), Map.<String, String>of())) {
            String refused = upgrade(credentials);
            assertThat(refused).startsWith("HTTP/1.1 404").contains("content-type: application/problem+json")
                    .contains("\"status\":404").doesNotContain("Exception");
        }
        WsClient ws = WsClient.connect(LiveProtocolIT.wsUri(app, null), StreamTestApp.headers(ALICE));
        assertThat(ws.isOpen()).as("a real client cannot open it either").isFalse();
        ws.close();
    }

    @Test
    void streamTokensOfferNoSocketAndTheSseStreamIsServed() throws Exception {
        Run run = app.queuedRun(ALICE);
        app.complete(ALICE.tenant(), run.id());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder post = HttpRequest.newBuilder(app.uri("/v2/runs/" + run.id() + "/stream-token"))
                .POST(HttpRequest.BodyPublishers.noBody());
        StreamTestApp.headers(ALICE).forEach(post::header);
        JsonNode grant = WsClient.JSON.readTree(http.send(post.build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(grant.has("websocket_url")).isTrue();
        assertThat(grant.get("websocket_url").isNull()).as("no socket offered").isTrue();
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(app.uri(grant.get("events_url").asText()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("event: run.queued").contains("event: run.completed");
    }
}
