package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.finding.NewFinding;
import com.aitesting.executors.net.NetworkGuard;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

    /** A server that sends {@code head}, then {@code body} forever (or until the probe goes away). */
    private static RawPeer.Handler endless(String head, String body) {
        return client -> {
            client.getInputStream().read();
            OutputStream out = client.getOutputStream();
            write(out, head);
            while (true) {
                write(out, body);
            }
        };
    }

    @Test
    void aTenGigabyteBodyAndAnEndlessChunkedBodyAreReadOnlyAsFarAsTheBodyBound() {
        String body = "x".repeat(16 * 1024);
        try (DnsResponder dns = new DnsResponder("127.0.150.103");
             RawPeer huge = new RawPeer("127.0.150.4", endless("HTTP/1.1 200 OK\r\n" + ALL_HEADERS
                     + "Content-Length: 10737418240\r\n\r\n", body));
             RawPeer chunked = new RawPeer("127.0.150.5", endless("HTTP/1.1 200 OK\r\n" + ALL_HEADERS
                     + "Transfer-Encoding: chunked\r\n\r\n", "4000\r\n" + body + "\r\n"))) {
            dns.a("huge.hostile.test", "127.0.150.4").a("chunked.hostile.test", "127.0.150.5");
            Harness harness = new Harness(dns).probing(8, Duration.ofMillis(300), Duration.ofMillis(300))
                    .scope(List.of("huge.hostile.test", "chunked.hostile.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("huge.hostile.test", "127.0.150.4", huge.port()),
                            TlsChecksTest.open("chunked.hostile.test", "127.0.150.5", chunked.port())));
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var headers = harness.run(Rules.HTTP_HEADERS, reporter);
            var methods = harness.run(Rules.HTTP_METHODS, reporter);

            // the first 8 KiB and the connection is closed: no waiting for the lifetime, no body in memory
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(headers.counts()).containsEntry("endpoints", 2L).doesNotContainKeys("endpoints_failed", "candidates_failed");
            assertThat(methods.counts()).containsEntry("endpoints", 2L).doesNotContainKeys("endpoints_failed", "candidates_failed");
            assertThat(reporter.findings).extracting(NewFinding::ruleId).containsOnly("http.redirect.https_missing");
        }
    }

    @Test
    void aRedirectLoopStopsAtTheRedirectLimitInBothChecks() {
        try (DnsResponder dns = new DnsResponder("127.0.150.104");
             HttpServerStub loop = new HttpServerStub("127.0.150.6", head -> head.startsWith("GET")
                     ? HttpServerStub.response(302, ALL_HEADERS + "Location: /again?" + head.length() + "\r\n", "")
                     : HttpServerStub.response(200, ALL_HEADERS, ""))) {
            Harness harness = harness(dns, "loop.hostile.test", "127.0.150.6", loop.port());
            RecordingReporter reporter = new RecordingReporter();

            var headers = harness.run(Rules.HTTP_HEADERS, reporter);
            int afterHeaders = loop.requests.get();
            harness.run(Rules.HTTP_METHODS, reporter);

            // HEAD to detect it, then GET / and MAX_REDIRECTS redirects; the methods check adds OPTIONS and TRACE
            assertThat(afterHeaders).isEqualTo(1 + 1 + Location.MAX_REDIRECTS);
            assertThat(loop.requests.get() - afterHeaders).isEqualTo(1 + 2 + 1 + Location.MAX_REDIRECTS);
            assertThat(headers.counts()).containsEntry("redirects_not_judged", 1L);
            NewFinding missing = reporter.findings.stream().filter(f -> f.ruleId().equals("http.redirect.https_missing"))
                    .findFirst().orElseThrow();
            assertThat((List<?>) missing.evidence().get("hops")).hasSize(1 + Location.MAX_REDIRECTS);
        }
    }

    @Test
    void redirectsOutOfScopeAreRefusedBeforeAnyConnectionHoweverTheAddressIsSpelled() {
        try (DnsResponder dns = new DnsResponder("127.0.150.105");
             Loopback loopback = new Loopback()) {
            Loopback.Listener excluded = loopback.listen("127.0.150.20", 0);
            Loopback.Listener outside = loopback.listen("127.0.150.21", 0);
            dns.a("inside.hostile.test", "127.0.150.20");
            List<String> locations = List.of(
                    "http://[::ffff:127.0.150.21]:" + outside.port + "/", // an IPv4-mapped spelling of an address out of scope
                    "http://[::ffff:7f00:9615]:" + outside.port + "/", // the same, in hex
                    "http://127.0.150.21:" + outside.port + "/",
                    "http://inside.hostile.test:" + excluded.port + "/", // an in-scope name resolving to an excluded address
                    "http://elsewhere.hostile.test:" + outside.port + "/"); // a name outside the scope: not even resolved
            try (Redirectors sites = Redirectors.serve(dns, "127.0.150.", 30, "redirect%d.hostile.test", locations)) {
                List<String> domains = new ArrayList<>(sites.names());
                domains.add("inside.hostile.test");
                Harness harness = new Harness(dns).probing(8, Duration.ofMillis(300), Duration.ofMillis(300))
                        .scope(domains, List.of(), List.of("127.0.150.20/32")).after(Rules.TCP_TOP_1000, sites.open());
                RecordingReporter reporter = new RecordingReporter();

                var outcome = harness.run(Rules.HTTP_METHODS, reporter);

                assertThat(excluded.accepted.get()).isZero();
                assertThat(outside.accepted.get()).isZero();
                assertThat(outcome.counts()).containsEntry("redirects_blocked", (long) locations.size());
                assertThat(reporter.refusals).extracting(r -> r.rule())
                        .contains(NetworkGuard.NOT_IN_SCOPE, NetworkGuard.OUT_OF_SCOPE);
            }
        }
    }

    @Test
    void aHeaderOfTensOfKilobytesIsQuotedInTheFindingOnlyUpToTheEvidenceBound() {
        String methods = "GET, " + "X".repeat(60 * 1024);
        try (DnsResponder dns = new DnsResponder("127.0.150.106");
             HttpServerStub server = new HttpServerStub("127.0.150.7", head -> head.startsWith("OPTIONS")
                     ? HttpServerStub.response(200, "Allow: " + methods + "\r\n", "")
                     : HttpServerStub.response(200, ALL_HEADERS, ""))) {
            Harness harness = harness(dns, "long.hostile.test", "127.0.150.7", server.port());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.HTTP_METHODS, reporter);

            NewFinding allowed = reporter.findings.stream().filter(f -> f.ruleId().equals("http.methods.allowed")).findFirst().orElseThrow();
            String quoted = (String) allowed.evidence().get("allow");
            assertThat(quoted).startsWith("GET, XXX").endsWith("… (" + (methods.length() - NewFinding.MAX_EVIDENCE_TEXT) + " more characters)");
            assertThat(quoted.length()).isLessThan(NewFinding.MAX_EVIDENCE_TEXT + 40);
        }
    }

    @Test
    void aBodyThatTricklesPastTheConnectionsLifetimeLeavesTheHeadItFollowedJudged() {
        // the head at once, then a byte of body every 40 ms: never a read timeout, cut off at the lifetime
        RawPeer.Handler slowBody = client -> {
            client.getInputStream().read();
            OutputStream out = client.getOutputStream();
            write(out, "HTTP/1.1 200 OK\r\n" + ALL_HEADERS + "Content-Length: 100000\r\n\r\n");
            while (true) {
                write(out, "x");
                Thread.sleep(40);
            }
        };
        try (DnsResponder dns = new DnsResponder("127.0.150.107");
             RawPeer peer = new RawPeer("127.0.150.8", slowBody)) {
            dns.a("slowbody.hostile.test", "127.0.150.8");
            Harness harness = new Harness(dns).probing(8, Duration.ofMillis(300), Duration.ofMillis(150))
                    .scope(List.of("slowbody.hostile.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("slowbody.hostile.test", "127.0.150.8", peer.port())));
            RecordingReporter reporter = new RecordingReporter();

            var headers = harness.run(Rules.HTTP_HEADERS, reporter);
            var methods = harness.run(Rules.HTTP_METHODS, reporter);

            // every header was in the head: nothing missing, and the page was answered, not failed
            assertThat(headers.counts()).containsEntry("endpoints", 1L).doesNotContainKey("endpoints_failed");
            assertThat(methods.counts()).containsEntry("endpoints", 1L).doesNotContainKey("endpoints_failed");
            assertThat(reporter.findings).extracting(NewFinding::ruleId).containsExactly("http.redirect.https_missing");
        }
    }
}
