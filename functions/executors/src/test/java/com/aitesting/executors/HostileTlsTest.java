package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.finding.NewFinding;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** TLS checks against servers that stall, oversize or poison their handshake, one behaviour each, on loopback. */
class HostileTlsTest {
    private static final TestCertificates CERTS = new TestCertificates();

    private static Harness harness(DnsResponder dns, String name, String address, int port) {
        dns.a(name, address);
        return new Harness(dns).trust(CERTS.trustStore()).probing(8, Duration.ofMillis(300), Duration.ofMillis(400))
                .scope(List.of(name), List.of(), List.of())
                .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open(name, address, port)));
    }

    @Test
    void aServerThatStallsMidHandshakeIsCutOffAtTheHandshakeBoundAndCounted() {
        // a handshake record header announcing 16 KiB, then the first bytes of a ServerHello, then nothing
        RawPeer.Handler stall = client -> {
            client.getInputStream().read();
            client.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00, 0x02, 0x00, 0x3f});
            client.getOutputStream().flush();
            Thread.sleep(60_000);
        };
        try (DnsResponder dns = new DnsResponder("127.0.154.100");
             RawPeer peer = new RawPeer("127.0.154.1", stall)) {
            Harness harness = harness(dns, "stall.tls.test", "127.0.154.1", peer.port());
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var certificate = harness.run(Rules.TLS_CERTIFICATE, reporter);
            var protocols = harness.run(Rules.TLS_PROTOCOLS, reporter);

            // one io timeout per handshake (the certificate check makes one, the scan's detection two)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3 * 400 + 1000));
            assertThat(reporter.findings).isEmpty();
            assertThat(certificate.counts()).containsEntry("candidates_failed", 1L);
            assertThat(protocols.counts()).containsEntry("candidates_failed", 1L);
        }
    }

    @Test
    void aCertificateMessageOfThousandsOfNamesIsRefusedAtTheClientsMessageBoundNotReadIntoAFinding() {
        // ~100 KB of names: over JSSE's jdk.tls.maxHandshakeMessageSize (32 KiB), so no finding can carry them
        List<String> names = IntStream.range(0, 4000).mapToObj(i -> "n" + i + ".many.tls.test").toList();
        try (DnsResponder dns = new DnsResponder("127.0.154.101");
             TlsServer server = new TlsServer("127.0.154.2", 0, CERTS.named("many.tls.test", names),
                     HttpServerStub.response(200, "", ""))) {
            dns.a("many.tls.test", "127.0.154.2");
            Harness harness = new Harness(dns).trust(CERTS.trustStore()).probing(8, Duration.ofMillis(300), Duration.ofSeconds(5))
                    .scope(List.of("many.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(TlsChecksTest.open("many.tls.test", "127.0.154.2", server.port())));
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var outcome = harness.run(Rules.TLS_CERTIFICATE, reporter);

            // refused on its size, not cut off at the 5 s handshake bound
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(reporter.findings).isEmpty();
            assertThat(outcome.counts()).containsEntry("candidates_failed", 1L);
        }
    }

    @Test
    void controlCharactersAndMarkupInACertificatesNamesReachTheFindingEscaped() {
        String cn = "evil\u001b[2J<script>alert(1)</script>";
        try (DnsResponder dns = new DnsResponder("127.0.154.102");
             TlsServer server = new TlsServer("127.0.154.3", 0, CERTS.named(cn, List.of("x\u0007\r.tls.test", "<b>.tls.test")),
                     HttpServerStub.response(200, "", ""))) {
            Harness harness = harness(dns, "poison.tls.test", "127.0.154.3", server.port());
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_CERTIFICATE, reporter);

            NewFinding mismatch = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.certificate.hostname_mismatch"))
                    .findFirst().orElseThrow();
            // markup is data to the API (its renderers escape it); control characters are escaped here (Storable)
            assertThat(mismatch.evidence().get("subject_alt_names")).isEqualTo(List.of("x\\u0007\\u000d.tls.test", "<b>.tls.test"));
            assertThat(mismatch.evidence().toString()).contains("evil\\u001b[2J").doesNotContain("\u001b", "\u0007", "\r");
        }
    }
}
