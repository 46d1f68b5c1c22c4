package com.aitesting.api.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.Run;
import com.aitesting.core.tenant.Actor;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An HTTP/1.0 client cannot read chunked transfer coding (RFC 9112 §6.1: a server must not send it to one), so the
 * event stream reaches it as it is, without Transfer-Encoding, and its end is the end of the connection. Raw
 * sockets: an HTTP client speaks 1.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Http10StreamIT {
    static final Actor ALICE = StreamTestApp.actor("t_alice");
    static StreamTestApp app;

    @BeforeAll
    static void start() {
        app = new StreamTestApp(Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "Connection: keep-alive\r\n"})
    void anHttp10ClientGetsTheStreamUnchunkedAndCloseDelimited(String connection) throws Exception {
        Run run = app.queuedRun(ALICE);
        app.complete(ALICE.tenant(), run.id());

        String answer = exchange("GET /v2/runs/" + run.id() + "/events HTTP/1.0\r\nHost: 127.0.0.1\r\n" + dev() + connection + "\r\n");

        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("http/1.0 200").contains("content-type: text/event-stream")
                .doesNotContain("transfer-encoding").doesNotContain("content-length").doesNotContain("keep-alive");
        assertThat(body).as("the events as they are, no chunk sizes").startsWith("retry:")
                .contains("event: run.queued").contains("event: run.completed").doesNotContainPattern("(?m)^[0-9a-f]+\r$");
    }

    /** Live: each event reaches the client as it is written, and the connection ends after the terminal one. */
    @Test
    void aLiveStreamReachesAnHttp10ClientEventByEventAndEndsWithTheConnection() throws Exception {
        Run run = app.queuedRun(ALICE);
        try (Socket socket = new Socket("127.0.0.1", app.server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /v2/runs/" + run.id() + "/events HTTP/1.0\r\nHost: 127.0.0.1\r\n" + dev() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder read = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (!read.toString().contains("event: run.queued")) {
                int n = socket.getInputStream().read(buffer);
                assertThat(n).as("open until the run ends").isPositive();
                read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            app.complete(ALICE.tenant(), run.id());
            read.append(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertThat(read.toString()).contains("event: run.completed").doesNotContainIgnoringCase("transfer-encoding");
        }
    }

    @Test
    void anHttp11ClientStillGetsItChunked() throws Exception {
        Run run = app.queuedRun(ALICE);
        app.complete(ALICE.tenant(), run.id());

        String answer = exchange("GET /v2/runs/" + run.id() + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n" + dev()
                + "Connection: close\r\n\r\n");

        assertThat(answer.toLowerCase(Locale.ROOT)).startsWith("http/1.1 200").contains("transfer-encoding: chunked");
        assertThat(answer).contains("event: run.completed").endsWith("0\r\n\r\n");
    }

    private static String dev() {
        StringBuilder headers = new StringBuilder();
        StreamTestApp.headers(ALICE).forEach((k, v) -> headers.append(k).append(": ").append(v).append("\r\n"));
        return headers.toString();
    }

    /** Everything the server sends until it closes the connection (the read fails if it stays open). */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
