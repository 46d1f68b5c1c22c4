package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * A request whose end the server and a proxy in front could place differently is a 400 and the end of the
 * connection (RFC 9112 §6.1, §3.2), so what follows it is never run as a request of its own. Raw sockets: an HTTP
 * client frames its requests itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestFramingIT {
    private static final String DEV_HEADERS = "X-Dev-User: yered\r\nX-Dev-Email: yered@example.com\r\nX-Tenant-Id: t_framing\r\n";
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 \\d{3} ");
    private static final Pattern STATUS_LINE_ANY = Pattern.compile("HTTP/1\\.[01] \\d{3} ");

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** An engagement, as a request of its own: what a proxy would have passed on as the first request's body. */
    private static String smuggled() {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing");
        return "POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0}")
    @ValueSource(strings = {"identity", "gzip", "xchunked", "foo", "chunked, gzip", "gzip, chunked", "chunked, chunked", ""})
    void aTransferEncodingOtherThanChunkedIs400AndTheConnectionEnds(String codings) throws IOException {
        Map<String, Long> before = server.rowCounts();
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "Content-Type: application/json\r\nTransfer-Encoding: " + codings + "\r\n\r\n" + smuggled());

        assertRefusedOnce(answer);
        assertThat(server.rowCounts()).as("the body was not run as a request").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Transfer-Encoding: gzip", "Host: localhost\r\nHost: localhost"})
    void theProblemNamesTheHeader(String header) throws IOException {
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\n" + (header.startsWith("Host") ? "" : "Host: localhost\r\n")
                + header + "\r\n" + DEV_HEADERS + "Content-Type: application/json\r\n\r\n");
        String name = header.substring(0, header.indexOf(':'));
        assertThat(answer).contains("\"field\":\"" + name + "\"").contains("RFC 9112");
    }

    @ParameterizedTest(name = "second Host {0}")
    @ValueSource(strings = {"localhost", "attacker.example"})
    void twoHostHeadersAre400AndTheConnectionEnds(String second) throws IOException {
        Map<String, Long> before = server.rowCounts();
        String answer = exchange("GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\nHost: " + second + "\r\n" + DEV_HEADERS
                + "\r\n" + smuggled());

        assertRefusedOnce(answer);
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    /**
     * Which type is the body? Two lines would each be read by their first; one line listing types is how a proxy
     * writes two lines it joined. A comma inside a quoted parameter is no list.
     */
    static Stream<Arguments> contentTypesNamingMoreThanOneType() {
        return Stream.of(
                Arguments.of("application/json\r\nContent-Type: text/plain", "must be sent once"),
                Arguments.of("text/plain\r\nContent-Type: application/json", "must be sent once"),
                Arguments.of("application/json\r\nContent-Type: application/json", "must be sent once"),
                Arguments.of("application/json, text/plain", "must name one type"),
                Arguments.of("text/plain,application/json", "must name one type"),
                Arguments.of("application/json ,", "must name one type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentTypesNamingMoreThanOneType")
    void aContentTypeNamingMoreThanOneTypeIs400NamingItAndNothingIsCreated(String types, String rule) throws IOException {
        Map<String, Long> before = server.rowCounts();
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing");
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS + "Content-Type: " + types
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        assertRefusedOnce(answer);
        assertThat(answer).contains("\"field\":\"Content-Type\"").contains(rule);
        assertThat(server.rowCounts()).as("nothing was created").isEqualTo(before);
    }

    @Test
    void aCommaInsideAQuotedParameterIsNoList() throws IOException {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing");
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "Content-Type: application/json; x=\"a,b\"\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(answer).startsWith("HTTP/1.1 201");
    }

    /**
     * RFC 9110 §10.1.1: a server that will refuse the body says so instead of inviting it with 100 Continue; the
     * connection then ends, as the client may send the body anyway.
     */
    @ParameterizedTest(name = "Expect: {0}")
    @ValueSource(strings = {"100-continue", "100-Continue"})
    void aDeclaredBodyOverTheLimitIs413AtOnceWithout100ContinueAndTheConnectionEnds(String expect) throws IOException {
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "Content-Type: application/json\r\nContent-Length: 300000\r\nExpect: " + expect + "\r\n\r\n");
        assertHeadProblem(answer, 413, "payload-too-large");
        assertThat(answer).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue").contains("256 KiB");
    }

    /** Within the limit, the body is still invited and read. */
    @Test
    void aDeclaredBodyWithinTheLimitStillGets100Continue() throws IOException {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing");
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            byte[] interim = socket.getInputStream().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void anHttp11RequestWithoutHostIs400AndTheConnectionEnds() throws IOException {
        Map<String, Long> before = server.rowCounts();
        String answer = exchange("GET /v1/engagements HTTP/1.1\r\n" + DEV_HEADERS + "\r\n" + smuggled());

        assertRefusedOnce(answer);
        assertThat(answer).contains("\"field\":\"Host\"").contains("is required");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"localhost, attacker.example", "localhost,localhost", "127.0.0.1, 127.0.0.1"})
    void aHostThatListsHostsIs400AndTheConnectionEnds(String hosts) throws IOException {
        Map<String, Long> before = server.rowCounts();
        String answer = exchange("GET /v1/engagements HTTP/1.1\r\nHost: " + hosts + "\r\n" + DEV_HEADERS + "\r\n" + smuggled());

        assertRefusedOnce(answer);
        assertThat(answer).contains("\"field\":\"Host\"").contains("must name one host");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void anHttp10RequestWithoutHostIsStillServed() throws IOException {
        String answer = exchange("GET /v1/engagements HTTP/1.0\r\n" + DEV_HEADERS + "\r\n");
        assertThat(answer).startsWith("HTTP/1.0 200");
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0}")
    @ValueSource(strings = {"chunked", "Chunked", " chunked "})
    void chunkedIsStillRead(String coding) throws IOException {
        String body = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing");
        String answer = exchange("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "Content-Type: application/json\r\nTransfer-Encoding:" + coding + "\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 201");
    }

    /**
     * A chunk size Netty cannot read (one that overflows a long, or not hex) leaves the body's end unknown, like a bad
     * head: the framing 400, not a missing body, and the end of the connection, whether the size came with the head
     * or after the request was routed.
     */
    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(strings = {"10000000000000001", "FFFFFFFFFFFFFFFFFF", "zz", "-1"})
    void anUnreadableChunkSizeIsTheFraming400AndTheConnectionEnds(String size) throws Exception {
        String head = "POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String engagement = Api.ENGAGEMENT_TEMPLATE.formatted("t_framing"); // a whole body before it: never run
        String chunk = Integer.toHexString(engagement.length()) + "\r\n" + engagement + "\r\n" + size + "\r\nabc\r\n0\r\n\r\n"
                + smuggled();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try {
            for (boolean routedFirst : new boolean[] {false, true}) {
                exchangeWithUnreadableChunk(head, chunk, routedFirst);
            }
            Thread.sleep(200);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("nothing logged as an error").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    /**
     * A route that does not wait for the body (a GET) may have answered before an unreadable chunk size arrives:
     * nothing is left to answer then, and since nothing more can be read, the connection ends, without an error
     * logged (that was an ERROR with a stack trace per connection, and the connection held until the idle timeout).
     */
    @Test
    void anUnreadableChunkSizeAfterTheAnswerEndsTheConnectionWithoutAnError() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        String answer;
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Thread.sleep(500); // answered by now
            socket.getOutputStream().write("XYZ\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // fails if left open
            Thread.sleep(200);
        } finally {
            root.detachAppender(logs);
        }
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"status\":\"up\"");
        assertThat(logs.list).as("nothing logged as an error").noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    }

    private void exchangeWithUnreadableChunk(String head, String chunk, boolean routedFirst) throws Exception {
        Map<String, Long> before = server.rowCounts();
        String answer;
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((routedFirst ? head : head + chunk).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            if (routedFirst) {
                Thread.sleep(300); // the head is routed and its body awaited before the size arrives
                socket.getOutputStream().write(chunk.getBytes(StandardCharsets.UTF_8));
            }
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertHeadProblem(answer, 400, "validation");
        assertThat(answer).as("routed first: %s", routedFirst).contains("not a valid HTTP request")
                .doesNotContain("A JSON request body is required");
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    @Test
    void anOverlongRequestLineIs414LikeTheAppsOtherProblemsAndTheConnectionEnds() throws IOException {
        String answer = exchange("GET /v1/engagements?pad=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS + "\r\n");
        assertHeadProblem(answer, 414, "uri-too-long");
    }

    @Test
    void overlargeHeadersAre431LikeTheAppsOtherProblemsAndTheConnectionEnds() throws IOException {
        String answer = exchange("GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\n" + DEV_HEADERS
                + "X-Pad: " + "a".repeat(20_000) + "\r\n\r\n");
        assertHeadProblem(answer, 431, "headers-too-large");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GARBAGE", "GET  HTTP/1.1 x", "GET /v1/engagements HTTP/1.1\r\nHost localhost"})
    void aMalformedHeadIs400NamingNoPathItDidNotSendAndTheConnectionEnds(String head) throws IOException {
        String answer = exchange(head + "\r\n" + DEV_HEADERS + "\r\n");
        assertHeadProblem(answer, 400, "validation");
        assertThat(answer).contains("not a valid HTTP request").doesNotContain("/bad-request");
    }

    /**
     * RFC 9110 §15.6.6: a major version this server does not speak is a 505, answered in HTTP/1.1 (not the
     * client's version echoed, which would claim to speak it), and the connection ends: what follows is never read
     * as a request. Netty reads a version as {@code HTTP/<digit>.<digit>}, so these are the ones that reach it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/9.9", "HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/0.0"})
    void aMajorVersionOtherThanOneIs505InHttp11AndTheConnectionEnds(String version) throws IOException {
        Map<String, Long> before = server.rowCounts();
        String answer = exchange("GET /v1/engagements " + version + "\r\nHost: localhost\r\n" + DEV_HEADERS + "\r\n" + smuggled());

        assertHeadProblem(answer, 505, "http-version-not-supported");
        assertThat(answer).as("not the client's version echoed").startsWith("HTTP/1.1 505 ")
                .contains("\"detail\":\"" + version + " is not supported; send the request in HTTP/1.1.\"");
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
        assertThat(server.rowCounts()).as("what followed was not run").isEqualTo(before);
    }

    /** A 505 for a path that does not exist: the version is refused before any route is looked for. */
    @Test
    void anUnsupportedVersionIs505WhateverThePath() throws IOException {
        assertHeadProblem(exchange("GET /no/such/path HTTP/2.0\r\nHost: localhost\r\n\r\n"), 505, "http-version-not-supported");
    }

    /**
     * RFC 9110 §2.5: a higher minor version of a major version the server speaks is served as the highest minor it
     * speaks, HTTP/1.1, and answered as HTTP/1.1 (not echoed as a version it does not speak).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void aHigherHttp1MinorVersionIsServedAsHttp11(String version) throws IOException {
        String answer = exchange("GET /v1/engagements " + version + "\r\nHost: localhost\r\n" + DEV_HEADERS + "Connection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 ").doesNotContain(version);
    }

    /** The other head refusals, whose request line may not have been read, answer as the HTTP/1.1 server this is. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /v1/engagements?pad=%s HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\nX-Pad: %s\r\n\r\n", "GARBAGE%s\r\n\r\n",
            "GET /v1/engagements HTTP/1.1\r\nHost: localhost\r\nHost: x%s\r\n\r\n"})
    void headRefusalsAnswerInHttp11(String head) throws IOException {
        String answer = exchange(head.formatted(head.startsWith("GET /v1/engagements?") || head.contains("X-Pad") ? "a".repeat(20_000) : ""));
        assertThat(answer).matches("(?s)HTTP/1\\.1 4\\d\\d .*").containsIgnoringCase("connection: close");
    }

    /** A problem answer with the headers every API problem has, once, and the connection closed after it. */
    private static void assertHeadProblem(String answer, int status, String type) {
        String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
        assertThat(answer).as(answer).matches("(?s)HTTP/1\\.[01] " + status + " .*")
                .contains("https://ai-testing.dev/problems/" + type);
        assertThat(head).contains("content-type: application/problem+json").contains("cache-control: no-store")
                .contains("x-content-type-options: nosniff");
        assertThat(answer).doesNotContain("Exception").doesNotContain("io.netty");
        assertThat(STATUS_LINE_ANY.matcher(answer).results().count()).as("answers in %s", answer).isEqualTo(1);
    }

    /** One answer, a 400 problem, and nothing after it: the server closed the connection. */
    private static void assertRefusedOnce(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("https://ai-testing.dev/problems/validation");
        assertThat(STATUS_LINE.matcher(answer).results().count()).as("answers in %s", answer).isEqualTo(1);
    }

    /** Everything the server sends until it closes the connection (the read fails if it stays open). */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
