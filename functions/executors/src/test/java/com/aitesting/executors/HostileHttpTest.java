package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.finding.NewFinding;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP checks against web servers that are broken or hostile, one behaviour each, all on loopback: a check must
 * end within its bounds, read a bounded amount, and report only what the final response said.
 */
class HostileHttpTest {
    private static final String ALL_HEADERS = "Content-Security-Policy: default-src 'self'\r\nX-Frame-Options: DENY\r\n"
            + "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n";

    private static Harness harness(DnsResponder dns, String name, String address, int port) {
        dns.a(name, address);
        return new Harness(dns).probing(8, Duration.ofMillis(300), Duration.ofMillis(300))
                .scope(List.of(name), List.of(), List.of())
                .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open(name, address, port)));
    }

    private static void write(OutputStream out, String text) throws java.io.IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void interimResponsesBeforeTheFinalOneAreSkippedSoTheirMissingHeadersAreNotReported() {
        // 103 Early Hints (RFC 8297) and 100 Continue precede the response a browser renders (RFC 9110 §15.2)
        String interim = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n";
        try (DnsResponder dns = new DnsResponder("127.0.150.100");
             HttpServerStub server = new HttpServerStub("127.0.150.1", head -> interim + (head.startsWith("GET")
                     ? HttpServerStub.response(301, ALL_HEADERS + "Location: https://early.hostile.test/\r\n", "")
                     : HttpServerStub.response(200, ALL_HEADERS, "")))) {
            Harness harness = harness(dns, "early.hostile.test", "127.0.150.1", server.port());
            RecordingReporter reporter = new RecordingReporter();

            var headers = harness.run(Rules.HTTP_HEADERS, reporter);
            var methods = harness.run(Rules.HTTP_METHODS, reporter);

            // the final answers set every header, and the GET sends the browser to HTTPS
            assertThat(reporter.findings).extracting(NewFinding::ruleId).isEmpty();
            assertThat(headers.counts()).containsEntry("endpoints", 1L).containsEntry("redirects_not_judged", 1L);
            assertThat(methods.counts()).containsEntry("endpoints", 1L).containsEntry("redirects_to_https", 1L);
        }
    }

    @Test
    void anEndlessFloodOfInterimResponsesEndsAtTheHeadBoundAndIsCountedNotJudged() {
        RawPeer.Handler flood = client -> {
            client.getInputStream().read();
            OutputStream out = client.getOutputStream();
            while (true) {
                write(out, "HTTP/1.1 102 Processing\r\n\r\n");
            }
        };
        try (DnsResponder dns = new DnsResponder("127.0.150.101");
             RawPeer peer = new RawPeer("127.0.150.2", flood)) {
            Harness harness = harness(dns, "flood.hostile.test", "127.0.150.2", peer.port());
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var outcome = harness.run(Rules.HTTP_HEADERS, reporter);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(reporter.findings).isEmpty();
            assertThat(outcome.counts()).containsEntry("responses_too_large", 1L).doesNotContainKey("endpoints");
        }
    }

    @Test
    void controlCharactersAServerSendsReachTheFindingAsVisibleEscapesNeverAsThemselves() {
        // an ANSI sequence that clears a terminal, a bare CR that rewrites the line, a C1 line break (heads are read
        // as ISO-8859-1, so byte 0x85 is U+0085); java.net.URI refuses the Location: it is unusable and only quoted
        String hostile = "/\u001b[2J\rok\u0085";
        try (DnsResponder dns = new DnsResponder("127.0.150.102");
             HttpServerStub server = new HttpServerStub("127.0.150.3", head -> head.startsWith("GET")
                     ? HttpServerStub.response(302, "Location: " + hostile + "\r\n", "")
                     : HttpServerStub.response(200, "Allow: GET\u001b[31m, TRACE\r\n", ""))) {
            Harness harness = harness(dns, "ansi.hostile.test", "127.0.150.3", server.port());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            assertThat(outcome.counts()).containsEntry("redirects_unusable", 1L);
            NewFinding allowed = reporter.findings.stream().filter(f -> f.ruleId().equals("http.methods.allowed")).findFirst().orElseThrow();
            assertThat(allowed.evidence()).containsEntry("allow", "GET\\u001b[31m, TRACE");
            NewFinding redirect = reporter.findings.stream().filter(f -> f.ruleId().equals("http.redirect.https_missing")).findFirst().orElseThrow();
            assertThat(redirect.evidence().toString()).contains("/\\u001b[2J\\u000dok\\u0085")
                    .doesNotContain("\u001b", "\r", "\u0085");
        }
    }
}
