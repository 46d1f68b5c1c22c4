package com.aitesting.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding against dev auth: what a browser sends once a page's name points at 127.0.0.1 (its own name as
 * Host, and as Origin, so same-origin and no CORS check) is refused before anything is read or written; the
 * names no page can re-point (IP addresses, localhost) are served. Raw sockets, since java.net.http does not
 * let a request choose its Host.
 */
class DevHostIT {
    private static TestServer server;
    private static int port;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        port = URI.create(server.baseUrl()).getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final String DEV_HEADERS = "X-Dev-User: mallory\r\nX-Dev-Email: m@example.com\r\nX-Tenant-Id: t_victim\r\n";

    @Test
    void aRebindableNameIs421BeforeAnyReadOrWrite() throws Exception {
        String origin = "http://attacker.example:" + port;
        String read = exchange("GET /v1/engagements HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nOrigin: " + origin
                + "\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
        assertThat(read).startsWith("HTTP/1.1 421").contains("application/problem+json")
                .contains("https://ai-testing.dev/problems/host-not-allowed").contains("DNS rebinding");

        String body = "{\"name\":\"planted\",\"tenant_id\":\"t_victim\",\"type\":\"network\",\"scope\":{\"in_scope_cidrs\":[\"10.0.0.0/24\"]}}";
        String write = exchange("POST /v1/engagements HTTP/1.1\r\nHost: attacker.example\r\nOrigin: http://attacker.example\r\n"
                + DEV_HEADERS + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(write).startsWith("HTTP/1.1 421");
        String list = exchange("GET /v1/engagements HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
        assertThat(list).startsWith("HTTP/1.1 200").doesNotContain("planted");

        String upgrade = exchange("GET /v2/ws HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nOrigin: " + origin
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + DEV_HEADERS + "\r\n");
        assertThat(upgrade).startsWith("HTTP/1.1 421");
    }

    @Test
    void addressesAndLocalhostAreServed() throws Exception {
        for (String host : new String[] {"localhost:" + port, "LOCALHOST", "console.localhost:" + port, "127.0.0.1:" + port,
                "127.0.0.1", "[::1]:" + port, "localhost."}) {
            String response = exchange("GET /v1/engagements HTTP/1.1\r\nHost: " + host + "\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
            assertThat(response).as(host).startsWith("HTTP/1.1 200");
        }
        for (String host : new String[] {"localhost.attacker.example", "127.0.0.1.nip.io", "example.com", "[not-an-address]"}) {
            String response = exchange("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(host).startsWith("HTTP/1.1 421");
        }
    }

    /**
     * RFC 9112 §3.2.2: a server that gets an absolute-form target ignores Host and takes the target's authority, so
     * that is the name judged (a proxy, or a page's fetch through one, sends exactly this).
     */
    @Test
    void anAbsoluteFormTargetIsJudgedByItsAuthorityNotByHost() throws Exception {
        for (String target : new String[] {"http://attacker.example/v1/engagements", "http://attacker.example:" + port + "/v1/engagements",
                "HTTP://user@attacker.example/v1/engagements", "http://127.0.0.1.nip.io/v1/engagements", "http:///v1/engagements",
                "https://attacker.example/health"}) {
            String response = exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 421").contains("https://ai-testing.dev/problems/host-not-allowed");
        }
        for (String target : new String[] {"http://127.0.0.1:" + port + "/v1/engagements", "http://localhost/v1/engagements",
                "http://[::1]:" + port + "/v1/engagements?limit=5"}) {
            String response = exchange("GET " + target + " HTTP/1.1\r\nHost: attacker.example\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
            assertThat(response).as(target).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void otherAuthModesDoNotCheckTheHost() throws Exception {
        assertThat(DevHostFilter.isUnrebindable("api.example.com")).isFalse();
        try (JwksServer issuer = new JwksServer(); TestServer jwt = TestServer.start(issuer.appProperties())) {
            int jwtPort = URI.create(jwt.baseUrl()).getPort();
            String response = exchange(jwtPort, "GET /health HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200");
        }
    }

    private static String exchange(String request) throws IOException {
        return exchange(port, request);
    }

    private static String exchange(int toPort, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", toPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            // a refused upgrade or a Connection: close answer ends the connection; stop at the first answer otherwise
            while ((n = in.read(buffer)) > 0) {
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.UTF_8);
                if (text.startsWith("HTTP/1.1 101") || text.contains("\r\n\r\n") && text.contains("}")) {
                    break;
                }
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }
}
