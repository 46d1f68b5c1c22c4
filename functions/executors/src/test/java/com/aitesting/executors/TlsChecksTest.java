package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Certificate and protocol checks against TLS servers on loopback with certificates made in the test. */
class TlsChecksTest {
    private static final TestCertificates CERTS = new TestCertificates();

    @Test
    void certificateCheckReportsExactlyTheDefectOfEachServer() {
        try (DnsResponder dns = new DnsResponder("127.0.78.100");
             TlsServer valid = new TlsServer("127.0.78.1", 0, CERTS.valid("valid.tls.test"), null);
             TlsServer expired = new TlsServer("127.0.78.2", 0, CERTS.expired("expired.tls.test"), null);
             TlsServer selfSigned = new TlsServer("127.0.78.3", 0, TestCertificates.selfSigned("self.tls.test"), null);
             TlsServer wrongHost = new TlsServer("127.0.78.4", 0, CERTS.valid("other.tls.test"), null)) {
            dns.a("valid.tls.test", "127.0.78.1").a("expired.tls.test", "127.0.78.2")
                    .a("self.tls.test", "127.0.78.3").a("wronghost.tls.test", "127.0.78.4");
            Harness harness = new Harness(dns).trust(CERTS.trustStore())
                    .scope(List.of("valid.tls.test", "expired.tls.test", "self.tls.test", "wronghost.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.0.78.1", valid.port()),
                            open("expired.tls.test", "127.0.78.2", expired.port()),
                            open("self.tls.test", "127.0.78.3", selfSigned.port()),
                            open("wronghost.tls.test", "127.0.78.4", wrongHost.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_CERTIFICATE, reporter);

            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(byHost).containsOnlyKeys("expired.tls.test", "self.tls.test", "wronghost.tls.test");
            assertThat(byHost.get("expired.tls.test")).containsExactly("tls.certificate.expired");
            assertThat(byHost.get("self.tls.test")).containsExactly("tls.certificate.self_signed");
            assertThat(byHost.get("wronghost.tls.test")).containsExactly("tls.certificate.hostname_mismatch");
            NewFinding expiredFinding = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.certificate.expired")).findFirst().orElseThrow();
            assertThat(expiredFinding.severity()).isEqualTo(Severity.HIGH);
            assertThat(expiredFinding.evidence()).containsKeys("not_before", "not_after", "issuer", "subject_alt_names");
        }
    }

    @Test
    void anUntrustedIssuerIsReportedWhenTheTrustAnchorsDoNotHoldTheCa() {
        try (DnsResponder dns = new DnsResponder("127.0.78.101");
             TlsServer valid = new TlsServer("127.0.78.5", 0, CERTS.valid("valid.tls.test"), null)) {
            dns.a("valid.tls.test", "127.0.78.5");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.0.78.5", valid.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_CERTIFICATE, reporter);

            assertThat(reporter.rules()).containsExactly("tls.certificate.untrusted");
        }
    }

    @Test
    void protocolScanListsWhatTheServerAcceptsAndFlagsTheJdkDefaultCbcSha1Suites() {
        try (DnsResponder dns = new DnsResponder("127.0.78.102");
             TlsServer valid = new TlsServer("127.0.78.6", 0, CERTS.valid("valid.tls.test"), null)) {
            dns.a("valid.tls.test", "127.0.78.6");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.0.78.6", valid.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_PROTOCOLS, reporter);

            // A JDK server with its default suites still accepts the CBC suites with a SHA-1 MAC.
            assertThat(reporter.rules()).containsExactly("tls.cipher.weak", "tls.protocols.accepted");
            NewFinding weak = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.cipher.weak")).findFirst().orElseThrow();
            assertThat(weak.evidence().get("weak_cipher_suites")).asList().isNotEmpty()
                    .allMatch(s -> s.toString().contains("_CBC_") && s.toString().endsWith("_SHA"));
            Map<String, Object> evidence = reporter.findings.stream()
                    .filter(f -> f.ruleId().equals("tls.protocols.accepted")).findFirst().orElseThrow().evidence();
            assertThat(evidence.get("accepted_protocols")).asList().contains("TLSv1.3", "TLSv1.2");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> suites = (Map<String, List<String>>) evidence.get("accepted_cipher_suites");
            assertThat(suites.get("TLSv1.3")).contains("TLS_AES_128_GCM_SHA256");
            assertThat(suites.get("TLSv1.2")).isNotEmpty().allMatch(s -> s.startsWith("TLS_ECDHE_ECDSA_"));
        }
    }

    @Test
    void anEndpointThatGoesDownDuringTheSuiteProbesIsCountedFailedAndItsPartialSuiteListIsNotReported() {
        try (DnsResponder dns = new DnsResponder("127.61.0.100");
             TlsServer server = new TlsServer("127.61.0.1", 0, CERTS.valid("valid.tls.test"), null);
             // detection, two version probes, then the server answers 7 suite probes and is gone
             TlsRelay relay = new TlsRelay("127.61.0.2", "127.61.0.1", server.port(),
                     n -> n < 10 ? TlsRelay.Action.FORWARD : TlsRelay.Action.FORWARD_THEN_GO_DOWN)) {
            dns.a("valid.tls.test", "127.61.0.2");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.61.0.2", relay.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(outcome.counts()).containsEntry("endpoints", 1L).containsEntry("endpoints_failed", 1L);
            assertThat(reporter.rules()).doesNotContain("tls.protocols.accepted");
            for (NewFinding finding : reporter.findings) {
                @SuppressWarnings("unchecked")
                Map<String, List<String>> unanswered = (Map<String, List<String>>) finding.evidence().get("unanswered_cipher_suites");
                assertThat(unanswered.get("TLSv1.2")).isNotEmpty();
            }
        }
    }

    @Test
    void aResetTls13ProbeIsAskedAgainAndIsNoRefusal() {
        try (DnsResponder dns = new DnsResponder("127.61.1.100");
             TlsServer server = new TlsServer("127.61.1.1", 0, CERTS.valid("valid.tls.test"), null);
             // connection 1 is the detection handshake, 2 the TLS 1.3 probe
             TlsRelay relay = new TlsRelay("127.61.1.2", "127.61.1.1", server.port(),
                     n -> n == 2 ? TlsRelay.Action.RESET : TlsRelay.Action.FORWARD)) {
            dns.a("valid.tls.test", "127.61.1.2");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.61.1.2", relay.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(reporter.rules()).containsExactly("tls.cipher.weak", "tls.protocols.accepted");
            assertThat(reporter.findings.getFirst().evidence().get("accepted_protocols")).asList().contains("TLSv1.3", "TLSv1.2");
            assertThat(outcome.counts()).doesNotContainKeys("probes_inconclusive", "endpoints_failed");
        }
    }

    @Test
    void aTls13ProbeResetTwiceIsCountedInconclusiveAndConcludesNothing() {
        try (DnsResponder dns = new DnsResponder("127.61.2.100");
             TlsServer server = new TlsServer("127.61.2.1", 0, CERTS.valid("valid.tls.test"), null);
             TlsRelay relay = new TlsRelay("127.61.2.2", "127.61.2.1", server.port(),
                     n -> n == 2 || n == 3 ? TlsRelay.Action.RESET : TlsRelay.Action.FORWARD)) {
            dns.a("valid.tls.test", "127.61.2.2");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.61.2.2", relay.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(outcome.counts()).containsEntry("probes_inconclusive", 1L).doesNotContainKey("endpoints_failed");
            assertThat(reporter.rules()).containsExactly("tls.cipher.weak");
            Map<String, Object> evidence = reporter.findings.getFirst().evidence();
            assertThat(evidence.get("unanswered_protocols")).asList().containsExactly("TLSv1.3");
            assertThat(evidence.get("refused_protocols")).asList().doesNotContain("TLSv1.3");
        }
    }

    @Test
    void aTls13OfferTheServerRefusesOnTheWireIsReportedMissing() {
        try (DnsResponder dns = new DnsResponder("127.61.3.100");
             TlsServer server = new TlsServer("127.61.3.1", 0, CERTS.valid("valid.tls.test"), null).protocols("TLSv1.2")) {
            dns.a("valid.tls.test", "127.61.3.1");
            Harness harness = new Harness(dns).scope(List.of("valid.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("valid.tls.test", "127.61.3.1", server.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(reporter.rules()).contains("tls.protocol.tls13_missing", "tls.protocols.accepted");
            NewFinding missing = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.protocol.tls13_missing")).findFirst().orElseThrow();
            assertThat(missing.evidence().get("refused_protocols")).asList().containsExactly("TLSv1.3", "TLSv1.1", "TLSv1", "SSLv3");
        }
    }

    @Test
    void aServerOfTls10AloneIsScannedAndItsLegacyVersionAndWeakSuitesAreReported() {
        try (DnsResponder dns = new DnsResponder("127.61.4.100");
             RawPeer tls10 = new RawPeer("127.61.4.1", ScriptedTls.server(Set.of(0x0301), List.of(0xC013, 0x000A, 0x0005)))) {
            dns.a("old.tls.test", "127.61.4.1");
            Harness harness = new Harness(dns).scope(List.of("old.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("old.tls.test", "127.61.4.1", tls10.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(outcome.counts()).containsEntry("endpoints", 1L).doesNotContainKeys("candidates_failed", "probes_inconclusive");
            assertThat(reporter.rules()).containsExactly("tls.cipher.weak", "tls.protocol.legacy", "tls.protocol.tls13_missing",
                    "tls.protocols.accepted");
            NewFinding weak = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.cipher.weak")).findFirst().orElseThrow();
            assertThat(weak.evidence().get("accepted_protocols")).asList().containsExactly("TLSv1");
            assertThat(weak.evidence().get("refused_protocols")).asList().containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1", "SSLv3");
            assertThat(weak.evidence().get("weak_cipher_suites")).asList().containsExactly(
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_RC4_128_SHA");
        }
    }

    /** RFC 7568: SSL 3.0 must not be used. A hand-built hello without extensions asks for it; its own era's suites. */
    @Test
    void aServerThatStillTakesSsl3IsReportedAndOneOfSsl3AloneIsFoundAtAll() {
        try (DnsResponder dns = new DnsResponder("127.61.7.100");
             RawPeer both = new RawPeer("127.61.7.1", ScriptedTls.server(Set.of(0x0300, 0x0301), List.of(0x002F, 0x000A)));
             RawPeer ssl3 = new RawPeer("127.61.7.2", ScriptedTls.server(Set.of(0x0300), List.of(0x0005, 0x0004)))) {
            dns.a("both.tls.test", "127.61.7.1").a("ssl3.tls.test", "127.61.7.2");
            Harness harness = new Harness(dns).scope(List.of("both.tls.test", "ssl3.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("both.tls.test", "127.61.7.1", both.port()),
                            open("ssl3.tls.test", "127.61.7.2", ssl3.port())));
            RecordingReporter reporter = new RecordingReporter();

            var outcome = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(outcome.counts()).containsEntry("endpoints", 2L).doesNotContainKeys("candidates_failed", "probes_inconclusive");
            Map<String, List<String>> byHost = reporter.findings.stream().collect(Collectors.groupingBy(
                    f -> f.target().host(), Collectors.mapping(NewFinding::ruleId, Collectors.toList())));
            assertThat(byHost.get("both.tls.test")).contains("tls.protocol.sslv3", "tls.protocol.legacy");
            assertThat(byHost.get("ssl3.tls.test")).contains("tls.protocol.sslv3").doesNotContain("tls.protocol.legacy");
            NewFinding sslAndTls = reporter.findings.stream()
                    .filter(f -> f.ruleId().equals("tls.protocol.sslv3") && f.target().host().equals("both.tls.test")).findFirst().orElseThrow();
            assertThat(sslAndTls.evidence().get("accepted_protocols")).asList().containsExactly("TLSv1", "SSLv3");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> suites = (Map<String, List<String>>) sslAndTls.evidence().get("accepted_cipher_suites");
            assertThat(suites.get("SSLv3")).containsExactly("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
            NewFinding alone = reporter.findings.stream()
                    .filter(f -> f.ruleId().equals("tls.protocol.sslv3") && f.target().host().equals("ssl3.tls.test")).findFirst().orElseThrow();
            assertThat(alone.evidence().get("accepted_protocols")).asList().containsExactly("SSLv3");
        }
    }

    @Test
    void aTls12ServerOfStaticRsaSuitesAloneHasThemReportedWeak() {
        try (DnsResponder dns = new DnsResponder("127.61.5.100");
             RawPeer rsa = new RawPeer("127.61.5.1", ScriptedTls.server(Set.of(0x0303), List.of(0x009C, 0x002F)))) {
            dns.a("rsa.tls.test", "127.61.5.1");
            Harness harness = new Harness(dns).scope(List.of("rsa.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("rsa.tls.test", "127.61.5.1", rsa.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(reporter.rules()).containsExactly("tls.cipher.weak", "tls.protocol.tls13_missing", "tls.protocols.accepted");
            NewFinding weak = reporter.findings.stream().filter(f -> f.ruleId().equals("tls.cipher.weak")).findFirst().orElseThrow();
            assertThat(weak.evidence().get("accepted_protocols")).asList().containsExactly("TLSv1.2");
            assertThat(weak.evidence().get("weak_cipher_suites")).asList()
                    .containsExactly("TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA");
        }
    }

    @Test
    void suitesLeftWhenTheRoundsRunOutAreNamedUnansweredAndNoCompleteListIsReported() {
        try (DnsResponder dns = new DnsResponder("127.61.6.100");
             RawPeer any = new RawPeer("127.61.6.1", ScriptedTls.serverOfAnySuite(Set.of(0x0301)))) {
            dns.a("any.tls.test", "127.61.6.1");
            Harness harness = new Harness(dns).scope(List.of("any.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("any.tls.test", "127.61.6.1", any.port())));
            RecordingReporter reporter = new RecordingReporter();

            harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(reporter.rules()).containsExactly("tls.cipher.weak", "tls.protocol.legacy", "tls.protocol.tls13_missing");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> accepted = (Map<String, List<String>>) reporter.findings.getFirst().evidence().get("accepted_cipher_suites");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> unanswered = (Map<String, List<String>>) reporter.findings.getFirst().evidence().get("unanswered_cipher_suites");
            assertThat(accepted.get("TLSv1")).hasSize(20);
            assertThat(unanswered.get("TLSv1")).isNotEmpty().doesNotContainAnyElementsOf(accepted.get("TLSv1"));
        }
    }

    @Test
    void aPortThatAcceptsButStaysSilentOrFailsTheHandshakeIsCountedAndAPortWithNoServerIsNot() {
        try (DnsResponder dns = new DnsResponder("127.0.81.100");
             RawPeer silent = new RawPeer("127.0.81.1", RawPeer.SILENT);
             RawPeer alerting = new RawPeer("127.0.81.2", RawPeer.TLS_ALERT)) {
            dns.a("silent.tls.test", "127.0.81.1").a("alert.tls.test", "127.0.81.2").a("none.tls.test", "127.0.81.3");
            Harness harness = new Harness(dns).probing(64, Duration.ofMillis(500), Duration.ofMillis(500))
                    .scope(List.of("silent.tls.test", "alert.tls.test", "none.tls.test"), List.of(), List.of())
                    .after(Rules.TCP_TOP_1000, List.of(open("silent.tls.test", "127.0.81.1", silent.port()),
                            open("alert.tls.test", "127.0.81.2", alerting.port()),
                            open("none.tls.test", "127.0.81.3", RawPeer.closedPort("127.0.81.3"))));
            RecordingReporter reporter = new RecordingReporter();

            var certificates = harness.run(Rules.TLS_CERTIFICATE, reporter);
            var protocols = harness.run(Rules.TLS_PROTOCOLS, reporter);

            assertThat(reporter.findings).isEmpty();
            for (var outcome : List.of(certificates, protocols)) {
                assertThat(outcome.counts()).containsEntry("candidates_failed", 2L).doesNotContainKey("endpoints");
            }
        }
    }

    @Test
    void weakSuitesAreThoseWithoutForwardSecrecyOrWithBrokenPrimitives() {
        assertThat(ProtocolAndCipherScan.weak("TLS_RSA_WITH_AES_128_GCM_SHA256")).isTrue();
        assertThat(ProtocolAndCipherScan.weak("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA")).isTrue();
        assertThat(ProtocolAndCipherScan.weak("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")).isTrue();
        assertThat(ProtocolAndCipherScan.weak("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")).isFalse();
        assertThat(ProtocolAndCipherScan.weak("TLS_AES_128_GCM_SHA256")).isFalse();
    }

    static NewFinding open(String host, String address, int port) {
        return new NewFinding(Rules.TCP_TOP_1000, Rules.PORT_OPEN, Severity.INFO, "open", "open",
                new FindingTarget(host, address, port, null), Map.of());
    }
}
