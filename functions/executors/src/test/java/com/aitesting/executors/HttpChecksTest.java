package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.finding.NewFinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Security headers, methods and redirects against HTTP(S) servers on loopback. */
class HttpChecksTest {
    private static final TestCertificates CERTS = new TestCertificates();
    private static final String ALL_HEADERS = "Content-Security-Policy: default-src 'self'\r\nX-Frame-Options: DENY\r\n"
            + "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n";

    @Test
    void aServerWithEveryHeaderHasNoFindingsAndOneWithoutEachHasExactlyOnePerMissingHeader() {
        try (DnsResponder dns = new DnsResponder("127.0.79.100");
             HttpServerStub good = new HttpServerStub("127.0.79.1", head -> HttpServerStub.response(200,
                     ALL_HEADERS + "Set-Cookie: sid=secret; HttpOnly; SameSite=Lax\r\n", "ok"));
             HttpServerStub bare = new HttpServerStub("127.0.79.2", head -> HttpServerStub.response(200,
                     "Set-Cookie: sid=secret-value\r\n", "ok"));
             TlsServer tlsBare = new TlsServer("127.0.79.3", 0, CERTS.valid("secure.http.test"),
                     HttpServerStub.response(200, ALL_HEADERS + "Set-Cookie: sid=x; HttpOnly; SameSite=Strict\r\n", "ok"))) {
            dns.a("good.http.test", "127.0.79.1").a("bare.http.test", "127.0.79.2").a("secure.http.test", "127.0.79.3");
            Harness harness = new Harness(dns).trust(CERTS.trustStore())
                    .scope(List.of("good.http.test", "bare.http.test", "secure.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("good.http.test", "127.0.79.1", good.port()),
                            TlsChecksTest.open("bare.http.test", "127.0.79.2", bare.port()),
                            TlsChecksTest.open("secure.http.test", "127.0.79.3", tlsBare.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.HTTP_HEADERS, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(byHost).containsOnlyKeys("bare.http.test", "secure.http.test");
            assertThat(byHost.get("bare.http.test")).containsExactlyInAnyOrder("http.header.csp_missing",
                    "http.header.x_frame_options_missing", "http.header.x_content_type_options_missing",
                    "http.header.referrer_policy_missing", "http.cookie.httponly_missing", "http.cookie.samesite_missing");
            // HTTPS adds HSTS and Secure: the TLS server sends everything but those two
            assertThat(byHost.get("secure.http.test")).containsExactlyInAnyOrder("http.header.hsts_missing", "http.cookie.secure_missing");
            NewFinding cookie = reporter.findings.stream().filter(f -> f.ruleId().equals("http.cookie.httponly_missing")).findFirst().orElseThrow();
            assertThat(cookie.evidence()).containsEntry("cookies", List.of("sid"));
            assertThat(cookie.evidence().toString()).doesNotContain("secret-value");
            assertThat(cookie.target().url()).isEqualTo("http://bare.http.test:" + bare.port() + "/");
        }
    }

    @Test
    void anHttpsSiteThatRedirectsIsJudgedOnThePageItLandsOnAndHstsOnEveryResponse() {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (DnsResponder dns = new DnsResponder("127.62.1.100");
             TlsServer login = new TlsServer("127.62.1.1", CERTS.valid("login.headers.test"), request -> {
                 requests.add("login " + requestLine(request));
                 return requestLine(request).startsWith("GET / ")
                         ? HttpServerStub.response(302, "Location: /login\r\nSet-Cookie: first=1; Secure; HttpOnly\r\n", "")
                         : HttpServerStub.response(200, "Set-Cookie: sid=2; Secure; SameSite=Lax\r\n", "login");
             });
             // HSTS on the redirect only: a browser honours it there, so the site is not missing it
             TlsServer hsts = new TlsServer("127.62.1.2", CERTS.valid("hsts.headers.test"), request -> requestLine(request)
                     .startsWith("GET / ")
                     ? HttpServerStub.response(301, "Location: https://" + header(request, "Host") + "/home\r\n"
                             + "Strict-Transport-Security: max-age=31536000\r\n", "")
                     : HttpServerStub.response(200, ALL_HEADERS, "home"));
             TlsServer away = new TlsServer("127.62.1.3", 0, CERTS.valid("away.headers.test"),
                     HttpServerStub.response(302, "Location: https://elsewhere.example/\r\n", ""))) {
            dns.a("login.headers.test", "127.62.1.1").a("hsts.headers.test", "127.62.1.2").a("away.headers.test", "127.62.1.3");
            Harness harness = new Harness(dns).trust(CERTS.trustStore())
                    .scope(List.of("login.headers.test", "hsts.headers.test", "away.headers.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("login.headers.test", "127.62.1.1", login.port()),
                            TlsChecksTest.open("hsts.headers.test", "127.62.1.2", hsts.port()),
                            TlsChecksTest.open("away.headers.test", "127.62.1.3", away.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_HEADERS, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(requests).contains("login GET / HTTP/1.1", "login GET /login HTTP/1.1");
            assertThat(byHost.get("login.headers.test")).containsExactlyInAnyOrder("http.header.hsts_missing",
                    "http.header.csp_missing", "http.header.x_frame_options_missing",
                    "http.header.x_content_type_options_missing", "http.header.referrer_policy_missing",
                    "http.cookie.httponly_missing", "http.cookie.samesite_missing");
            String site = "https://login.headers.test:" + login.port();
            NewFinding csp = reporter.findings.stream().filter(f -> f.ruleId().equals("http.header.csp_missing")).findFirst().orElseThrow();
            assertThat(csp.target().url()).isEqualTo(site + "/login");
            assertThat(csp.evidence()).containsEntry("url", site + "/login").containsEntry("status", 200)
                    .containsEntry("redirects", List.of(Map.of("url", site + "/", "status", 302, "location", "/login",
                            "security_headers", Map.of())));
            // cookies count wherever they were set, the redirect included
            assertThat(reporter.findings).filteredOn(f -> f.ruleId().equals("http.cookie.samesite_missing"))
                    .singleElement().satisfies(f -> assertThat(f.evidence()).containsEntry("cookies", List.of("first")));
            assertThat(reporter.findings).filteredOn(f -> f.ruleId().equals("http.cookie.httponly_missing"))
                    .singleElement().satisfies(f -> assertThat(f.evidence()).containsEntry("cookies", List.of("sid")));
            assertThat(byHost).doesNotContainKey("hsts.headers.test");
            // another origin is not followed: its page is not judged, but the HTTPS response it came in is
            assertThat(byHost.get("away.headers.test")).containsExactly("http.header.hsts_missing");
            assertThat(reporter.refusals).isEmpty();
            assertThat(outcome.counts()).containsEntry("redirects_not_judged", 1L).containsEntry("endpoints", 3L);
        }
    }

    @Test
    void aHeadWithBareLineFeedsIsReadAsSentAndANamelessCookieKeepsItsValueOutOfTheEvidence() {
        String crlfHeaders = ALL_HEADERS + "Set-Cookie: token-value-not-a-name; HttpOnly; SameSite=Lax\r\n";
        try (DnsResponder dns = new DnsResponder("127.0.79.104");
             HttpServerStub lf = new HttpServerStub("127.0.79.13", head -> HttpServerStub.response(200, crlfHeaders, "ok")
                     .replace("\r\n", "\n"))) {
            dns.a("lf.http.test", "127.0.79.13");
            Harness harness = new Harness(dns).scope(List.of("lf.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("lf.http.test", "127.0.79.13", lf.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.HTTP_HEADERS, reporter);

            // every header was sent, in LF-ended lines: none is reported missing
            assertThat(reporter.findings).extracting(NewFinding::ruleId).doesNotContain("http.header.csp_missing",
                    "http.header.x_frame_options_missing", "http.header.x_content_type_options_missing",
                    "http.header.referrer_policy_missing", "http.cookie.httponly_missing", "http.cookie.samesite_missing");
            assertThat(reporter.findings).isEmpty();
        }
        // the same cookie, without its flags: found, listed without the value that stood where a name would
        try (DnsResponder dns = new DnsResponder("127.0.79.105");
             HttpServerStub nameless = new HttpServerStub("127.0.79.14", head -> HttpServerStub.response(200,
                     ALL_HEADERS + "Set-Cookie: token-value-not-a-name\r\n", "ok"))) {
            dns.a("nameless.http.test", "127.0.79.14");
            Harness harness = new Harness(dns).scope(List.of("nameless.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("nameless.http.test", "127.0.79.14", nameless.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.HTTP_HEADERS, reporter);

            assertThat(reporter.findings).extracting(NewFinding::ruleId)
                    .containsExactlyInAnyOrder("http.cookie.httponly_missing", "http.cookie.samesite_missing");
            assertThat(reporter.findings).allSatisfy(f -> {
                assertThat(f.evidence()).containsEntry("cookies", List.of(SecurityHeaders.UNNAMED_COOKIE));
                assertThat(f.toString()).doesNotContain("token-value-not-a-name");
            });
        }
    }

    @Test
    void anHttpsPortThatAnswersPlainHttpWithA400IsJudgedOverTlsAndAPlain400ServerInTheClear() {
        String plain400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (DnsResponder dns = new DnsResponder("127.0.79.106");
             TlsServer https = new TlsServer("127.0.79.15", 0, CERTS.valid("mixed.http.test"),
                     HttpServerStub.response(200, ALL_HEADERS + "Strict-Transport-Security: max-age=31536000\r\n", "ok"), plain400);
             HttpServerStub only400 = new HttpServerStub("127.0.79.16", head -> plain400)) {
            dns.a("mixed.http.test", "127.0.79.15").a("plain400.http.test", "127.0.79.16");
            Harness harness = new Harness(dns).trust(CERTS.trustStore())
                    .scope(List.of("mixed.http.test", "plain400.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("mixed.http.test", "127.0.79.15", https.port()),
                            TlsChecksTest.open("plain400.http.test", "127.0.79.16", only400.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.HTTP_HEADERS, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            // the site over TLS sends every header: its plain-HTTP error page is not what is judged
            assertThat(byHost).doesNotContainKey("mixed.http.test");
            assertThat(https.handshakes.get()).isGreaterThan(0);
            // a server that answers 400 to everything, without TLS, is still judged in the clear
            assertThat(byHost.get("plain400.http.test")).contains("http.header.csp_missing");
            assertThat(reporter.findings).filteredOn(f -> f.target().host().equals("plain400.http.test"))
                    .allSatisfy(f -> assertThat(f.target().url()).startsWith("http://"));
        }
    }

    @Test
    void aHeadOverTheBoundIsCountedNotJudgedAndNotSilentlyDropped() {
        String huge = "X-Pad: " + "p".repeat(70 * 1024) + "\r\n";
        try (DnsResponder dns = new DnsResponder("127.0.79.107");
             HttpServerStub big = new HttpServerStub("127.0.79.17", head -> HttpServerStub.response(200, huge, "ok"))) {
            dns.a("big.http.test", "127.0.79.17");
            Harness harness = new Harness(dns).scope(List.of("big.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("big.http.test", "127.0.79.17", big.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_HEADERS, reporter);

            // the headers past the cut are unseen: reporting any of them missing would be invented
            assertThat(reporter.findings).isEmpty();
            assertThat(outcome.counts()).containsEntry("responses_too_large", 1L);
        }
    }

    @Test
    void aPortThatAcceptsButStaysSilentDripsOrFailsTheHandshakeIsCountedAndAPortWithNoServerIsNot() {
        RawPeer.Handler drip = client -> {
            for (byte b : "HTTP/1.1 200 OK\r\nServer: drip\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)) {
                client.getOutputStream().write(b);
                Thread.sleep(200);
            }
        };
        try (DnsResponder dns = new DnsResponder("127.0.81.101");
             RawPeer silent = new RawPeer("127.0.81.11", RawPeer.SILENT);
             RawPeer dripping = new RawPeer("127.0.81.12", drip);
             RawPeer alerting = new RawPeer("127.0.81.13", RawPeer.TLS_ALERT)) {
            dns.a("silent.http.test", "127.0.81.11").a("drip.http.test", "127.0.81.12").a("alert.http.test", "127.0.81.13")
                    .a("none.http.test", "127.0.81.14");
            Harness harness = new Harness(dns).probing(64, Duration.ofMillis(500), Duration.ofMillis(500))
                    .scope(List.of("silent.http.test", "drip.http.test", "alert.http.test", "none.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("silent.http.test", "127.0.81.11", silent.port()),
                            TlsChecksTest.open("drip.http.test", "127.0.81.12", dripping.port()),
                            TlsChecksTest.open("alert.http.test", "127.0.81.13", alerting.port()),
                            TlsChecksTest.open("none.http.test", "127.0.81.14", RawPeer.closedPort("127.0.81.14"))));
            RecordingReporter reporter = new RecordingReporter();

            var headers = harness.run(Rules.HTTP_HEADERS, reporter);
            var methods = harness.run(Rules.HTTP_METHODS, reporter);

            assertThat(reporter.findings).isEmpty();
            for (var outcome : List.of(headers, methods)) {
                assertThat(outcome.counts()).containsEntry("candidates_failed", 3L).doesNotContainKey("endpoints");
            }
        }
    }

    @Test
    void aPortTheScanFoundOpenThatIsGoneByTheCheckIsCountedAndAClosedDefaultPortIsNot() {
        int port;
        try (HttpServerStub weak = new HttpServerStub("127.62.2.1", head -> HttpServerStub.response(200, "", "weak"))) {
            port = weak.port();
        }
        // the scan saw the web server; it went away before the HTTP and TLS steps
        Harness scanned = new Harness(null).trust(CERTS.trustStore()).scope(List.of(), List.of("127.62.2.1/32"), List.of())
                .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open(null, "127.62.2.1", port)));
        Harness defaults = new Harness(null).scope(List.of(), List.of("127.62.2.2/32"), List.of());
        RecordingReporter reporter = new RecordingReporter();

        for (String test : List.of(Rules.HTTP_HEADERS, Rules.HTTP_METHODS, Rules.TLS_CERTIFICATE)) {
            assertThat(scanned.run(test, reporter).counts()).as(test)
                    .containsEntry("candidates_unreachable", 1L).doesNotContainKey("endpoints");
            // nothing on 80 or 443 where no scan said there was: no server, nothing that could not be tested
            assertThat(defaults.run(test, reporter).counts()).as(test)
                    .containsEntry("work_total", test.equals(Rules.TLS_CERTIFICATE) ? 1L : 2L)
                    .doesNotContainKeys("candidates_unreachable", "candidates_failed");
        }
        assertThat(reporter.findings).isEmpty();
    }

    @Test
    void traceEchoAndAMissingHttpsRedirectAreFoundAndAnOutOfScopeRedirectIsNotFollowed() {
        try (DnsResponder dns = new DnsResponder("127.0.79.101");
             HttpServerStub tracing = new HttpServerStub("127.0.79.10", head -> head.startsWith("TRACE")
                     ? HttpServerStub.response(200, "Content-Type: message/http\r\n", head)
                     : head.startsWith("OPTIONS") ? HttpServerStub.response(200, "Allow: GET, HEAD, OPTIONS, TRACE\r\n", "")
                     : HttpServerStub.response(200, "", "plain"));
             HttpServerStub redirecting = new HttpServerStub("127.0.79.11", head -> head.startsWith("GET")
                     ? HttpServerStub.response(301, "Location: https://elsewhere.example/\r\n", "")
                     : HttpServerStub.response(405, "", ""))) {
            dns.a("trace.http.test", "127.0.79.10").a("redirect.http.test", "127.0.79.11");
            Harness harness = new Harness(dns)
                    .scope(List.of("trace.http.test", "redirect.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("trace.http.test", "127.0.79.10", tracing.port()),
                            TlsChecksTest.open("redirect.http.test", "127.0.79.11", redirecting.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(byHost.get("trace.http.test")).containsExactlyInAnyOrder("http.methods.allowed",
                    "http.method.trace_enabled", "http.redirect.https_missing");
            // It redirects to HTTPS, on a host outside the scope: no finding, not followed, refusal recorded.
            assertThat(byHost).doesNotContainKey("redirect.http.test");
            assertThat(reporter.refusals).containsExactly(new ScopeRefusal("elsewhere.example", null, "not_in_scope"));
            assertThat(outcome.counts()).containsEntry("redirects_blocked", 1L).containsEntry("redirects_to_https", 1L);
        }
    }

    @Test
    void aRedirectIsFollowedToThePathAndQueryItNamesAndEachHopIsRecordedAsRequested() {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (DnsResponder dns = new DnsResponder("127.62.0.100");
             TlsServer https = new TlsServer("127.62.0.1", 0, CERTS.valid("soon.redirect.test"),
                     HttpServerStub.response(200, "", "secure"));
             HttpServerStub soon = new HttpServerStub("127.62.0.1", head -> {
                 requests.add("soon " + requestLine(head));
                 return requestLine(head).startsWith("GET / ")
                         ? HttpServerStub.response(302, "Location: /start\r\n", "")
                         : requestLine(head).startsWith("GET /start ")
                         ? HttpServerStub.response(301, "Location: https://soon.redirect.test:" + https.port() + "/start\r\n", "")
                         : HttpServerStub.response(405, "", "");
             });
             HttpServerStub plain = new HttpServerStub("127.62.0.2", head -> {
                 requests.add("plain " + requestLine(head));
                 return requestLine(head).startsWith("GET / ")
                         ? HttpServerStub.response(302, "Location: /page?lang=en\r\n", "")
                         : HttpServerStub.response(200, "", "page");
             })) {
            dns.a("soon.redirect.test", "127.62.0.1").a("plain.redirect.test", "127.62.0.2");
            Harness harness = new Harness(dns).trust(CERTS.trustStore())
                    .scope(List.of("soon.redirect.test", "plain.redirect.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("soon.redirect.test", "127.62.0.1", soon.port()),
                            TlsChecksTest.open("plain.redirect.test", "127.62.0.2", plain.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            // / -> /start -> https: the site does send browsers to HTTPS, one path further on
            assertThat(requests).contains("soon GET / HTTP/1.1", "soon GET /start HTTP/1.1");
            assertThat(outcome.counts()).containsEntry("redirects_to_https", 1L);
            List<NewFinding> missing = reporter.findings.stream()
                    .filter(f -> f.ruleId().equals("http.redirect.https_missing")).toList();
            assertThat(missing).extracting(f -> f.target().host()).containsExactly("plain.redirect.test");
            // the evidence is the requests as sent, the query included
            String base = "http://plain.redirect.test:" + plain.port();
            assertThat(missing.getFirst().evidence()).containsEntry("hops", List.of(
                    Map.of("url", base + "/", "status", 302, "location", "/page?lang=en"),
                    Map.of("url", base + "/page?lang=en", "status", 200)));
            assertThat(requests).contains("plain GET /page?lang=en HTTP/1.1");
        }
    }

    /**
     * A hop that does not open is judged by the Location that pointed to it, as a hop outside the scope is: to
     * https the browser was sent to HTTPS (and the HTTPS server is not this check's to judge); to a plain-HTTP
     * port that is closed it was not. Before, either ended the check without a count or a finding.
     */
    @Test
    void aRedirectToAPortThatDoesNotOpenIsJudgedByWhereItPoints() throws Exception {
        int closedTls = closedPort("127.62.1.1");
        int closedPlain = closedPort("127.62.1.2");
        try (DnsResponder dns = new DnsResponder("127.62.1.100");
             HttpServerStub toHttps = new HttpServerStub("127.62.1.1", head -> head.startsWith("GET")
                     ? HttpServerStub.response(301, "Location: https://gone.redirect.test:" + closedTls + "/\r\n", "")
                     : HttpServerStub.response(405, "", ""));
             HttpServerStub toHttp = new HttpServerStub("127.62.1.2", head -> head.startsWith("GET")
                     ? HttpServerStub.response(302, "Location: http://dead.redirect.test:" + closedPlain + "/next\r\n", "")
                     : HttpServerStub.response(405, "", ""))) {
            dns.a("gone.redirect.test", "127.62.1.1").a("dead.redirect.test", "127.62.1.2");
            Harness harness = new Harness(dns).scope(List.of("gone.redirect.test", "dead.redirect.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("gone.redirect.test", "127.62.1.1", toHttps.port()),
                            TlsChecksTest.open("dead.redirect.test", "127.62.1.2", toHttp.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            assertThat(outcome.counts()).containsEntry("redirects_to_https", 1L).containsEntry("redirects_unanswered", 1L)
                    .doesNotContainKey("endpoints_failed");
            List<NewFinding> missing = reporter.findings.stream()
                    .filter(f -> f.ruleId().equals("http.redirect.https_missing")).toList();
            assertThat(missing).extracting(f -> f.target().host()).containsExactly("dead.redirect.test");
            String base = "http://dead.redirect.test:";
            assertThat(missing.getFirst().evidence()).containsEntry("hops", List.of(
                    Map.of("url", base + toHttp.port() + "/", "status", 302, "location", base + closedPlain + "/next"),
                    Map.of("url", base + closedPlain + "/next", "answered", false)));
        }
    }

    /** A port on {@code address} that nothing listens on: bound by the system, then released. */
    private static int closedPort(String address) throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            return socket.getLocalPort();
        }
    }

    private static String requestLine(String head) {
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static String header(String head, String name) {
        return head.lines().filter(l -> l.startsWith(name + ": ")).findFirst().orElseThrow().substring(name.length() + 2);
    }

    @Test
    void aRedirectToAPortThatCannotExistIsCountedAndTheCheckCarriesOn() {
        try (DnsResponder dns = new DnsResponder("127.0.79.103");
             HttpServerStub badPort = new HttpServerStub("127.0.79.12", head -> head.startsWith("GET")
                     ? HttpServerStub.response(302, "Location: http://127.0.79.12:99999/\r\n", "")
                     : HttpServerStub.response(200, "Allow: GET, TRACE\r\n", ""))) {
            dns.a("badport.http.test", "127.0.79.12");
            Harness harness = new Harness(dns).scope(List.of("badport.http.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("badport.http.test", "127.0.79.12", badPort.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            // The step ends normally with what the server did show (its Allow header), and the redirect is counted.
            assertThat(reporter.findings).extracting(NewFinding::ruleId).contains("http.methods.allowed");
            assertThat(outcome.counts()).containsEntry("redirects_unusable", 1L).doesNotContainKey("redirects_blocked");
        }
    }

    @Test
    void everyLocationABrowserCannotFollowIsCountedUnusableAndIsNoRedirectToHttps() {
        List<String> locations = List.of("http://127.1/", "file:///etc/passwd", "javascript:alert(1)",
                "https://unusable3.http.test:99999/");
        try (DnsResponder dns = new DnsResponder("127.0.81.102");
             Redirectors sites = Redirectors.serve(dns, "127.0.81.", 21, "unusable%d.http.test", locations)) {
            List<String> names = sites.names();
            Harness harness = new Harness(dns).scope(names, List.of(), List.of()).after(Rules.TCP_TOP_1000, sites.open());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_METHODS, reporter);

            // none sends a browser anywhere, to HTTPS least of all: each site is judged by the page it showed
            assertThat(reporter.findings).filteredOn(f -> f.ruleId().equals("http.redirect.https_missing"))
                    .extracting(f -> f.target().host()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(outcome.counts()).containsEntry("redirects_unusable", 4L)
                    .doesNotContainKeys("redirects_to_https", "redirects_blocked");
            assertThat(reporter.refusals).isEmpty();
        }
    }

    @Test
    void withoutAPortScanTheDefaultPortsAreTriedAndNothingElse() {
        try (DnsResponder dns = new DnsResponder("127.0.79.102");
             HttpServerStub elsewhere = new HttpServerStub("127.0.79.20", head -> HttpServerStub.response(200, "", "x"))) {
            dns.a("default.http.test", "127.0.79.20");
            Harness harness = new Harness(dns).scope(List.of("default.http.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.HTTP_HEADERS, reporter);

            // The server listens on an ephemeral port, not 80/443: nothing answers on the defaults.
            assertThat(reporter.findings).isEmpty();
            assertThat(outcome.counts()).containsEntry("work_total", 2L).doesNotContainKey("endpoints");
            assertThat(elsewhere.requests.get()).isZero();
        }
    }

    @Test
    void aStepBiggerThanOneChunkIsSplitAndEndsWithTheSameFindingsAndCounts() {
        List<HttpServerStub> servers = new java.util.ArrayList<>();
        try (DnsResponder dns = new DnsResponder("127.0.79.103")) {
            List<NewFinding> open = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // a slow page: one item takes a few hundred ms, longer than a chunk's window for starting items
                HttpServerStub server = new HttpServerStub("127.0.79." + (30 + i), head -> {
                    try {
                        Thread.sleep(600);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HttpServerStub.response(200, "", "ok");
                });
                servers.add(server);
                dns.a("slow" + i + ".http.test", "127.0.79." + (30 + i));
                open.add(TlsChecksTest.open("slow" + i + ".http.test", "127.0.79." + (30 + i), server.port()));
            }
            List<String> names = java.util.stream.IntStream.range(0, 4).mapToObj(i -> "slow" + i + ".http.test").toList();

            Harness whole = new Harness(dns).scope(names, List.of(), List.of()).after(Rules.TCP_TOP_1000, open)
                    .probing(1, Duration.ofMillis(200), Duration.ofMillis(1000));
            RecordingReporter oneChunk = new RecordingReporter();
            ChunkOutcome single = whole.run(Rules.HTTP_HEADERS, oneChunk);
            assertThat(single.done()).isTrue();

            // One item may take 9 x (200 ms + 3 x 1000 ms) = 28.8 s: a 29.8 s chunk starts items for 1 s only, and one
            // item (HEAD and GET of a slow page) takes 1.2 s.
            Harness chunked = new Harness(dns).scope(names, List.of(), List.of()).after(Rules.TCP_TOP_1000, open)
                    .probing(1, Duration.ofMillis(200), Duration.ofMillis(1000));
            chunked.budget = Duration.ofMillis(29_800);
            RecordingReporter manyChunks = new RecordingReporter();
            long offset = 0;
            Map<String, Long> counts = Map.of();
            int chunks = 0;
            ChunkOutcome outcome;
            do {
                long started = System.nanoTime();
                outcome = chunked.run(Rules.HTTP_HEADERS, offset, counts, manyChunks);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a chunk stays inside its budget")
                        .isLessThan(chunked.budget);
                assertThat(outcome.nextOffset()).isGreaterThan(offset);
                offset = outcome.nextOffset();
                counts = outcome.counts();
                chunks++;
            } while (!outcome.done());

            assertThat(chunks).isGreaterThan(1);
            assertThat(outcome.counts()).isEqualTo(single.counts()).containsEntry("endpoints", 4L).containsEntry("work_total", 4L);
            assertThat(manyChunks.findings).extracting(NewFinding::fingerprint)
                    .containsExactlyInAnyOrderElementsOf(oneChunk.findings.stream().map(NewFinding::fingerprint).toList())
                    .hasSize(4 * 4);
            // every server saw HEAD and GET once per run: no item was probed twice across chunks
            assertThat(servers).allSatisfy(server -> assertThat(server.requests.get()).isEqualTo(4));
        } finally {
            servers.forEach(HttpServerStub::close);
        }
    }
}
