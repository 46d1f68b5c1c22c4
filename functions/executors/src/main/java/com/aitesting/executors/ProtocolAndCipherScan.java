package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.TlsCapabilities;
import com.aitesting.executors.net.TlsHello;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * tls.protocol_and_cipher_scan: per TLS endpoint, one probe per protocol version (offering that version only),
 * then the cipher suites of each accepted version: one JDK handshake per JDK suite, and the suites the JDK's
 * policy will not offer by elimination with a hand-built {@link TlsHello}. A version neither can offer is listed
 * as untested, never as refused. Findings: the accepted set (info), SSL 3.0 (high), legacy versions TLS 1.0/1.1 (medium), no TLS 1.3 (low), weak suites
 * (medium: no forward secrecy, CBC with SHA-1 MAC, RC4, 3DES, NULL, EXPORT, anonymous).
 */
final class ProtocolAndCipherScan implements TestExecutor {
    private static final List<String> LEGACY = List.of("TLSv1", "TLSv1.1");
    /** Inconclusive probes asked again, per endpoint: a flaky endpoint cannot double its item's worst case. */
    private static final int RETRIES = 3;
    /** Rounds of {@link #eliminate} per endpoint: every hand-built suite of every version would not fit a chunk at 1 probe/s. */
    private static final int ROUNDS = 20;

    @Override
    public String testId() {
        return Rules.TLS_PROTOCOLS;
    }

    @Override
    public String workStep() {
        return "enumerate_protocols";
    }

    /**
     * A candidate port: is it TLS (of any version), then one handshake per version and one per JDK suite of
     * each, a hand-built hello per version with suites the JDK will not offer, the rounds of those suites and
     * the retries (60 handshakes with JDK 25.0.3, which offers TLS 1.3 with 3 suites and 1.2 with 27).
     */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        int handshakes = Endpoints.TLS_ANY_VERSION_PROBES + RETRIES + ROUNDS;
        for (String protocol : TlsCapabilities.protocols()) {
            if (TlsCapabilities.canOffer(protocol)) {
                handshakes += 1 + TlsCapabilities.suitesFor(protocol).size();
            }
            if (!TlsCapabilities.handBuiltSuitesFor(protocol).isEmpty()) {
                handshakes += 1;
            }
        }
        return ItemCost.of(handshakes, settings.handshakeProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        return context.each(Endpoints.tlsCandidates(context), itemCost(context.settings()), "candidate TLS ports",
                candidate -> Endpoints.tlsAnyVersion(context, candidate).ifPresent(endpoint -> {
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
            if (!TlsCapabilities.canProbe(protocol)) {
                untested.add(protocol);
                continue;
            }
            // the JDK's client first; a version it refused may still take the suites only a hand-built hello offers
            Attempt attempt = TlsCapabilities.canOffer(protocol) ? prober.attempt(protocol, List.of()).attempt() : Attempt.REFUSED;
            List<String> handBuilt = TlsCapabilities.handBuiltSuitesFor(protocol);
            if (attempt == Attempt.REFUSED && !handBuilt.isEmpty()) {
                attempt = prober.attempt(protocol, handBuilt).attempt();
            }
            switch (attempt) {
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
                switch (prober.attempt(protocol, List.of(suite)).attempt()) {
                    case ACCEPTED -> ok.add(suite);
                    case REFUSED -> { }
                    case INCONCLUSIVE, UNREACHABLE -> unanswered.add(suite);
                }
            }
            if (!eliminate(context, prober, protocol, ok, unanswered)) {
                return;
            }
            ok.stream().filter(s -> weak(s) && !weak.contains(s)).forEach(weak::add);
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
        if (accepted.contains("SSLv3")) {
            context.finding("tls.protocol.sslv3", Severity.HIGH, "SSL 3.0 accepted on " + where,
                    "The server accepts SSL 3.0, prohibited by RFC 7568: its CBC padding can be decrypted (POODLE).", target, evidence);
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
     * The hand-built suites of {@code protocol}, one per round: offer all not yet chosen, note the one the
     * server picks, until it refuses the rest. The rounds of an endpoint are capped at {@link #ROUNDS} (they are
     * in {@link #itemCost}); what is left when they run out, or when the endpoint stops answering, is unanswered.
     * False when the run stopped.
     */
    private static boolean eliminate(StepContext context, Prober prober, String protocol, List<String> ok, List<String> unanswered) {
        List<String> left = new ArrayList<>(TlsCapabilities.handBuiltSuitesFor(protocol));
        while (!left.isEmpty()) {
            if (context.stopped()) {
                return false;
            }
            if (prober.roundsLeft == 0) {
                unanswered.addAll(left);
                return true;
            }
            prober.roundsLeft--;
            Answer answer = prober.attempt(protocol, left);
            switch (answer.attempt()) {
                case ACCEPTED -> {
                    ok.add(answer.suite());
                    left.remove(answer.suite());
                }
                case REFUSED -> left.clear();
                case INCONCLUSIVE, UNREACHABLE -> {
                    unanswered.addAll(left);
                    left.clear();
                }
            }
        }
        return true;
    }

    /** An attempt and, when accepted, the suite the server chose. */
    private record Answer(Attempt attempt, String suite) {}

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
        private int roundsLeft = ROUNDS;
        private boolean reachable = true;

        Prober(StepContext context, Endpoint endpoint) {
            this.context = context;
            this.endpoint = endpoint;
        }

        /** One offer of {@code protocol} with {@code suites} (none: the JDK's own). */
        Answer attempt(String protocol, List<String> suites) {
            if (!reachable) {
                return new Answer(Attempt.UNREACHABLE, null);
            }
            TlsOffer offer = new TlsOffer(endpoint.target().host(), List.of(protocol), suites);
            Answer answer = handshake(offer);
            if (answer.attempt() == Attempt.INCONCLUSIVE && retriesLeft > 0) {
                retriesLeft--;
                answer = handshake(offer);
            }
            if (answer.attempt() == Attempt.INCONCLUSIVE) {
                context.count("probes_inconclusive", 1);
            }
            reachable = answer.attempt() != Attempt.UNREACHABLE;
            return answer;
        }

        /** Through the JDK's client when it can make the offer, else with a hand-built hello. */
        private Answer handshake(TlsOffer offer) {
            NetworkGuard.Opened opened = context.guard().open(endpoint.target(), endpoint.port(), context.settings().connectTimeout(),
                    context.settings().handshakeLifetime());
            if (opened.state() != PortState.OPEN) {
                return new Answer(Attempt.UNREACHABLE, null);
            }
            String protocol = offer.protocols().getFirst();
            boolean jdk = TlsCapabilities.canOffer(protocol) && TlsCapabilities.suitesFor(protocol).containsAll(offer.cipherSuites());
            try (Connection connection = opened.connection()) {
                connection.readTimeout(context.settings().ioTimeout());
                if (jdk) {
                    return new Answer(Attempt.ACCEPTED, connection.startTls(offer).cipherSuite());
                }
                // only a ServerHello of the offered version, choosing an offered suite, accepts the offer
                return TlsHello.exchange(connection, offer) instanceof TlsHello.ServerHello hello && hello.protocol().equals(protocol)
                        && offer.cipherSuites().contains(hello.cipherSuite())
                        ? new Answer(Attempt.ACCEPTED, hello.cipherSuite()) : new Answer(Attempt.REFUSED, null);
            } catch (IOException e) {
                return new Answer(jdk && Connection.refusedByPeer(e) ? Attempt.REFUSED : Attempt.INCONCLUSIVE, null);
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
