package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.core.tenant.Actor;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A request head must arrive whole within REQUEST_HEAD_TIMEOUT (1 s here), so a client that sends it a byte at a
 * time (slowloris) cannot hold a connection; what comes after a head (a long SSE stream, a WebSocket, the idle time
 * between keep-alive requests) is not timed by it. Raw sockets: an HTTP client sends its heads whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RequestHeadDeadlineIT {
    private static final Actor ALICE = StreamTestApp.actor("t_alice");
    private static final String DEV_HEADERS = "X-Dev-User: yered\r\nX-Dev-Email: yered@example.com\r\nX-Tenant-Id: t_alice\r\n";
    private static final long LIMIT_MS = 1_000;

    private StreamTestApp app;

    @BeforeAll
    void start() {
        app = new StreamTestApp(Map.of("ait.request-head-timeout", LIMIT_MS + "ms", "STREAM_KEEPALIVE_MS", "250"));
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", app.server.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Test
    void aHeadSentAByteAtATimeIs408WhenTheLimitPassesAndTheConnectionEnds() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            CompletableFuture<Void> trickle = trickle(socket.getOutputStream(),
                    "GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS + "X-Slow: " + "a".repeat(40));
            String answer = readToEnd(socket.getInputStream());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            trickle.cancel(true);

            assertThat(answer).as(answer).startsWith("HTTP/1.1 408 ").contains("https://ai-testing.dev/problems/request-timeout");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            assertThat(head).contains("content-type: application/problem+json").contains("cache-control: no-store")
                    .contains("x-content-type-options: nosniff");
            assertThat(answer).doesNotContain("bad-request").doesNotContain("Exception");
            assertThat(tookMs).as("cut by the limit, not by the client").isBetween(LIMIT_MS - 100, LIMIT_MS + 3_000);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(readToEnd(socket.getInputStream())).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(LIMIT_MS - 100, LIMIT_MS + 3_000);
        }
    }

    @Test
    void theIdleTimeBetweenKeptAliveRequestsIsNotTimedButTheNextHeadIs() throws Exception {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String request = "GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            Thread.sleep(LIMIT_MS * 2);
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).as("the connection was kept").startsWith("HTTP/1.1 200");

            long start = System.nanoTime();
            CompletableFuture<Void> trickle = trickle(out, request.substring(0, request.length() - 2) + "X-Slow: " + "a".repeat(40));
            String answer = readToEnd(in);
            trickle.cancel(true);
            assertThat(answer).startsWith("HTTP/1.1 408 ");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(LIMIT_MS - 100, LIMIT_MS + 3_000);
        }
    }

    @Test
    void anEventStreamLastsPastTheLimitAfterItsHeadArrived() throws Exception {
        var run = app.queuedRun(ALICE);
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /v2/runs/" + run.id() + "/events HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MS * 3);
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < until) {
                int n = in.read(buffer);
                assertThat(n).as("the stream is still open; so far: %s", received).isPositive();
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(received).startsWith("HTTP/1.1 200").contains(": keep-alive").doesNotContain("408");
        }
    }

    @Test
    void aWebSocketLastsPastTheLimitAfterItsUpgrade() throws Exception {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET /v2/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + DEV_HEADERS + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");
            for (int i = 0; i < 2; i++) {
                Thread.sleep(LIMIT_MS + 500);
                sendText(socket.getOutputStream(), "{\"action\":\"ping\"}");
                assertThat(nextPong(in)).as("ping %d answered", i).isTrue();
            }
        }
    }

    /** Writes {@code text} a byte every 100 ms on another thread, until it is written or the connection fails. */
    private static CompletableFuture<Void> trickle(OutputStream out, String text) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed the connection, or the test is done
            }
        });
    }

    /** Everything until the server closes the connection (a read that times out fails the test). */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open; received: " + all.toString(StandardCharsets.UTF_8), e);
        } catch (java.net.SocketException reset) {
            // closed while the trickle still wrote: what arrived before counts
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("closed after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** One response with a Content-Length body, on a connection that stays open. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A FIN text frame, masked with a zero key (allowed: the key is the client's choice). */
    private static void sendText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
    }

    /** Reads the server's (unmasked, short) frames until a pong message; false if the connection ends first. */
    private static boolean nextPong(DataInputStream in) throws IOException {
        for (int frames = 0; frames < 20; frames++) {
            int first = in.read();
            if (first < 0) {
                return false;
            }
            int length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            }
            String payload = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            if ((first & 0x0f) == 0x8) {
                return false;
            }
            if (payload.contains("\"pong\"")) {
                return true;
            }
        }
        return false;
    }
}
