package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aitesting.api.support.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * /v2/ws answers only an RFC 6455 opening handshake, and anything else at once, before credentials are looked at:
 * a problem that names what is wrong, then the end of the connection, and nothing in the error log. Raw sockets: a
 * WebSocket client never sends these requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveHandshakeIT {
    private static final String DEV_HEADERS = "X-Dev-User: yered\r\nX-Dev-Email: yered@example.com\r\nX-Tenant-Id: t_ws\r\n";
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String VERSION = "Sec-WebSocket-Version: 13\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        logs.start();
        root.addAppender(logs);
    }

    @AfterAll
    void stop() {
        root.detachAppender(logs);
        server.close();
    }

    @BeforeEach
    void forgetLogs() {
        logs.list.clear();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "Sec-WebSocket-Key: abc\r\n", "Sec-WebSocket-Key: c2l4dGVlbiBieXRlcyE=\r\n",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\r\n", "Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==\r\n",
            KEY + KEY})
    void aHandshakeWithoutAGoodKeyIs400NamingItAndTheConnectionEnds(String key) throws Exception {
        for (String credentials : new String[] {"", DEV_HEADERS}) {
            String answer = exchange("GET /v2/ws?stream_token=x HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + VERSION + key
                    + credentials + "\r\n");
            assertProblem(answer, 400, "websocket-handshake");
            assertThat(answer).contains("\"field\":\"Sec-WebSocket-Key\"");
        }
        assertNoErrorLogged();
    }

    @ParameterizedTest(name = "Sec-WebSocket-Version: {0}")
    @ValueSource(strings = {"99", "8", "7", "0", "13, 8", "none"})
    void aVersionOtherThan13Is426Naming13AndTheConnectionEnds(String version) throws Exception {
        String answer = exchange("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + KEY + DEV_HEADERS
                + (version.equals("none") ? "" : "Sec-WebSocket-Version: " + version + "\r\n") + "\r\n");
        assertProblem(answer, 426, "upgrade-required");
        assertThat(head(answer)).contains("sec-websocket-version: 13").contains("upgrade: websocket");
        assertThat(answer).contains("\"field\":\"Sec-WebSocket-Version\"");
        assertNoErrorLogged();
    }

    @Test
    void aPostWithUpgradeHeadersIs405AndTheConnectionEnds() throws Exception {
        String answer = exchange("POST /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE + VERSION + KEY + "Content-Length: 0\r\n\r\n");
        assertProblem(answer, 405, "method-not-allowed");
        assertThat(head(answer)).contains("allow: get");
        assertNoErrorLogged();
    }

    /** No upgrade asked, or asked in HTTP/1.0, where a server ignores Upgrade (RFC 9110 §7.8): the socket is a 426. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + DEV_HEADERS,
            "GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n" + VERSION + KEY,
            "GET /v2/ws?stream_token=x HTTP/1.0\r\nHost: 127.0.0.1\r\n" + UPGRADE + VERSION + KEY})
    void aRequestThatIsNoUpgradeIs426NamingWebSocket(String request) throws Exception {
        String answer = exchange(request + "\r\n");
        assertProblem(answer, 426, "upgrade-required");
        assertThat(head(answer)).contains("upgrade: websocket").contains("connection: upgrade");
        assertThat(answer).doesNotContain("session");
        assertNoErrorLogged();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Upgrade: websocket\r\n", "Upgrade: websocket\r\nConnection: keep-alive\r\n"})
    void anUpgradeWithoutConnectionUpgradeIs400NamingConnection(String headers) throws Exception {
        String answer = exchange("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + VERSION + KEY + "\r\n");
        assertProblem(answer, 400, "websocket-handshake");
        assertThat(answer).contains("\"field\":\"Connection\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Upgrade: websocket, h2c\r\n", "Upgrade: h2c\r\nUpgrade: websocket\r\n"})
    void anUpgradeToMoreThanWebSocketIs400NamingUpgrade(String headers) throws Exception {
        String answer = exchange("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: Upgrade\r\n" + VERSION + KEY
                + DEV_HEADERS + "\r\n");
        assertProblem(answer, 400, "websocket-handshake");
        assertThat(answer).contains("\"field\":\"Upgrade\"");
        assertNoErrorLogged();
    }

    /**
     * A handshake that is valid as such but whose head the framing rules refuse gets that refusal, never a 101:
     * Micronaut upgrades on the Upgrade header alone, without looking at whether the head was refused. (~ is CRLF.)
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "GET /v2/ws HTTP/9.9~Host: 127.0.0.1~ | 505 | http-version-not-supported",
            "GET /v2/ws HTTP/1.1~Host: 127.0.0.1~Host: evil.example~ | 400 | validation",
            "GET /v2/ws HTTP/1.1~ | 400 | validation",
            "GET /v2/ws HTTP/1.1~Host: 127.0.0.1~Content-Type: a/b~Content-Type: c/d~ | 400 | validation",
            "GET /v2/ws HTTP/1.1~Host: 127.0.0.1~Bad Header~ | 400 | validation"})
    void aHandshakeWhoseHeadIsRefusedGetsThatRefusalNotA101(String start, int status, String type) throws Exception {
        String answer = exchange(start.strip().replace("~", "\r\n") + UPGRADE + VERSION + KEY + DEV_HEADERS + "\r\n");
        assertProblem(answer, status, type);
        assertNoErrorLogged();
    }

    /** The handshake the RFC describes still opens the socket (and upgrade tokens are read case-insensitively). */
    @Test
    void aValidHandshakeIsStillAnswered101() throws Exception {
        try (Socket socket = socket()) {
            send(socket, "GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                    + VERSION + KEY + DEV_HEADERS + "\r\n");
            byte[] head = new byte[12];
            assertThat(socket.getInputStream().readNBytes(head, 0, 12)).isEqualTo(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
        assertNoErrorLogged();
    }

    /** One problem+json answer with the API's headers, and nothing after it: the server closed the connection. */
    private static void assertProblem(String answer, int status, String type) {
        assertThat(answer).as(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*")
                .contains("https://ai-testing.dev/problems/" + type).doesNotContain("Exception");
        assertThat(head(answer)).contains("content-type: application/problem+json").contains("connection: close");
    }

    private static String head(String answer) {
        return answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
    }

    private void assertNoErrorLogged() throws InterruptedException {
        Thread.sleep(200); // Micronaut logs a failed handshake on the event loop, after the test's read
        assertThat(logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).map(ILoggingEvent::getFormattedMessage))
                .isEmpty();
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection (the read fails if it stays open). */
    private String exchange(String request) throws IOException {
        try (Socket socket = socket()) {
            send(socket, request);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
