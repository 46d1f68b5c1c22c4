package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.TlsCapabilities;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * tls.protocol_and_cipher_scan: per TLS endpoint, one handshake per protocol version the JDK can offer
 * (offering that version only), then one per cipher suite of each accepted version (offering that suite
 * only). What this JDK refuses to offer (its disabled algorithms) is listed as untested, never as refused.
 * Findings: the accepted set (info), legacy versions TLS 1.0/1.1 (medium), no TLS 1.3 (low), weak suites
 * (medium: no forward secrecy, CBC with SHA-1 MAC, RC4, 3DES, NULL, EXPORT, anonymous).
 */
final class ProtocolAndCipherScan implements TestExecutor {
    private static final List<String> LEGACY = List.of("TLSv1", "TLSv1.1");
    /** Inconclusive probes asked again, per endpoint: a flaky endpoint cannot double its item's worst case. */
    private static final int RETRIES = 3;

    @Override
    public String testId() {
        return Rules.TLS_PROTOCOLS;
    }

    @Override
    public String workStep() {
        return "enumerate_protocols";
    }

    /**
     * A candidate port: is it TLS, then one handshake per version this JDK can offer and one per suite of each,
     * and the retries (37 handshakes with a JDK 25 that offers TLS 1.3 and 1.2).
     */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        int handshakes = Endpoints.TLS_PROBES + RETRIES;
        for (String protocol : TlsCapabilities.protocols()) {
            if (TlsCapabilities.canOffer(protocol)) {
                handshakes += 1 + TlsCapabilities.suitesFor(protocol).size();
            }
        }
        return ItemCost.of(handshakes, settings.handshakeProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        return context.each(Endpoints.tlsCandidates(context), itemCost(context.settings()), "candidate TLS ports",
                candidate -> Endpoints.tls(context, candidate).ifPresent(endpoint -> {
                    context.count("endpoints", 1);
                    scan(context, endpoint);
                }));
    }

    /**
     * Probes every version, then every suite of each accepted version. An endpoint that stops accepting
     * connections part-way is counted {@code endpoints_failed}; what it answered before stays true and is
     * reported, and what it was never asked or never answered is named (unanswered_*), so no list reads as
     * complete when it is not.
     */
    private void scan(StepContext context, Endpoint endpoint) {
        List<String> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> untested = new ArrayList<>();
        List<String> unansweredProtocols = new ArrayList<>();
        Map<String, List<String>> suites = new LinkedHashMap<>();
        Map<String, List<String>> unansweredSuites = new LinkedHashMap<>();
        Prober prober = new Prober(context, endpoint);
        for (String protocol : TlsCapabilities.protocols()) {
            if (context.stopped()) {
                return;
            }
            if (!TlsCapabilities.canOffer(protocol)) {
                untested.add(protocol);
                continue;
            }
            switch (prober.attempt(protocol, List.of())) {
                case ACCEPTED -> accepted.add(protocol);
                case REFUSED -> refused.add(protocol);
                case INCONCLUSIVE, UNREACHABLE -> unansweredProtocols.add(protocol);
            }
        }
        List<String> weak = new ArrayList<>();
        for (String protocol : accepted) {
            List<String> ok = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            for (String suite : TlsCapabilities.suitesFor(protocol)) {
                if (context.stopped()) {
                    return;
                }
                switch (prober.attempt(protocol, List.of(suite))) {
                    case ACCEPTED -> {
                        ok.add(suite);
                        if (weak(suite) && !weak.contains(suite)) {
                            weak.add(suite);
                        }
                    }
                    case REFUSED -> { }
                    case INCONCLUSIVE, UNREACHABLE -> unanswered.add(suite);
                }
            }
            suites.put(protocol, ok);
            if (!unanswered.isEmpty()) {
                unansweredSuites.put(protocol, unanswered);
            }
        }
        if (!prober.reachable) {
            context.count("endpoints_failed", 1);
        }
        FindingTarget target = new FindingTarget(endpoint.target().host(), endpoint.target().addressText(), endpoint.port(), null);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("accepted_protocols", accepted);
        evidence.put("refused_protocols", refused);
        evidence.put("untested_protocols", untested);
        evidence.put("accepted_cipher_suites", suites);
        if (!unansweredProtocols.isEmpty()) {
            evidence.put("unanswered_protocols", unansweredProtocols);
        }
        if (!unansweredSuites.isEmpty()) {
            evidence.put("unanswered_cipher_suites", unansweredSuites);
        }
        String where = endpoint.authority();
        if (unansweredProtocols.isEmpty() && unansweredSuites.isEmpty()) {
            context.finding("tls.protocols.accepted", Severity.INFO, "TLS versions and cipher suites of " + where,
                    "The protocol versions and cipher suites the server accepted, of those this scanner can offer.", target, evidence);
        }
        List<String> legacy = accepted.stream().filter(LEGACY::contains).toList();
        if (!legacy.isEmpty()) {
            context.finding("tls.protocol.legacy", Severity.MEDIUM, "Legacy TLS versions accepted on " + where,
                    "The server accepts " + String.join(", ", legacy) + ", deprecated by RFC 8996.", target, evidence);
        }
        if (!accepted.isEmpty() && refused.contains("TLSv1.3")) {
            context.finding("tls.protocol.tls13_missing", Severity.LOW, "TLS 1.3 not offered by " + where,
                    "The server does not accept TLS 1.3.", target, evidence);
        }
        if (!weak.isEmpty()) {
            Map<String, Object> weakEvidence = new LinkedHashMap<>(evidence);
            weakEvidence.put("weak_cipher_suites", weak);
            context.finding("tls.cipher.weak", Severity.MEDIUM, "Weak TLS cipher suites accepted on " + where,
                    "The server accepts cipher suites without forward secrecy or with broken primitives.", target, weakEvidence);
        }
    }

    /**
     * How one offer went: the server completed the handshake, refused it on the wire (an alert, or an answer
     * the client rejects such as another version), gave no conclusive answer (reset, timeout, end of stream),
     * or did not accept the connection at all.
     */
    private enum Attempt { ACCEPTED, REFUSED, INCONCLUSIVE, UNREACHABLE }

    /**
     * The probes of one endpoint. An inconclusive probe is asked once more, while the endpoint's
     * {@link #RETRIES} last (they are in {@link #itemCost}); one still inconclusive is counted
     * {@code probes_inconclusive} and proves nothing. Once the endpoint is unreachable nothing more is asked.
     */
    private static final class Prober {
        private final StepContext context;
        private final Endpoint endpoint;
        private int retriesLeft = RETRIES;
        private boolean reachable = true;

        Prober(StepContext context, Endpoint endpoint) {
            this.context = context;
            this.endpoint = endpoint;
        }

        Attempt attempt(String protocol, List<String> suites) {
            if (!reachable) {
                return Attempt.UNREACHABLE;
            }
            TlsOffer offer = new TlsOffer(endpoint.target().host(), List.of(protocol), suites);
            Attempt attempt = handshake(offer);
            if (attempt == Attempt.INCONCLUSIVE && retriesLeft > 0) {
                retriesLeft--;
                attempt = handshake(offer);
            }
            if (attempt == Attempt.INCONCLUSIVE) {
                context.count("probes_inconclusive", 1);
            }
            reachable = attempt != Attempt.UNREACHABLE;
            return attempt;
        }

        private Attempt handshake(TlsOffer offer) {
            NetworkGuard.Opened opened = context.guard().open(endpoint.target(), endpoint.port(), context.settings().connectTimeout(),
                    context.settings().handshakeLifetime());
            if (opened.state() != PortState.OPEN) {
                return Attempt.UNREACHABLE;
            }
            try (Connection connection = opened.connection()) {
                connection.readTimeout(context.settings().ioTimeout());
                connection.startTls(offer);
                return Attempt.ACCEPTED;
            } catch (IOException e) {
                return Connection.refusedByPeer(e) ? Attempt.REFUSED : Attempt.INCONCLUSIVE;
            }
        }
    }

    /** No forward secrecy (static RSA key exchange) or a broken primitive. */
    static boolean weak(String suite) {
        String s = suite.toUpperCase(Locale.ROOT);
        return s.startsWith("TLS_RSA_") || s.startsWith("SSL_RSA_") || s.contains("_RC4_") || s.contains("3DES")
                || s.contains("_DES_") || s.contains("NULL") || s.contains("EXPORT") || s.contains("_ANON_")
                || (s.contains("_CBC_") && s.endsWith("_SHA"));
    }
}
