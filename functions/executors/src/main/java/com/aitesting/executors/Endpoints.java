package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which ports the HTTP and TLS checks talk to: their work list. With a port scan earlier in the plan: every
 * open port it found; without one: the default ports (80 for HTTP, 443 for HTTPS) of every in-scope name and
 * address. Each candidate is asked, inside its own work item, whether it speaks TLS (a handshake completes)
 * and HTTP (the first response is an HTTP status line, in the clear or inside TLS), so a big scope is split
 * into chunks like any other list of targets.
 */
final class Endpoints {
    /** Probes of {@link #tls}: one handshake. */
    static final int TLS_PROBES = 1;
    /** Probes of {@link #http}: HEAD in the clear, a handshake, HEAD over TLS (each bounded as an exchange). */
    static final int HTTP_PROBES = 3;

    private Endpoints() {}

    /** A port to ask. */
    record Candidate(Target target, int port) {}

    /** The TLS checks' work list. */
    static List<Candidate> tlsCandidates(StepContext context) {
        return context.workList(() -> candidates(context, List.of(443)));
    }

    /** The HTTP checks' work list. */
    static List<Candidate> httpCandidates(StepContext context) {
        return context.workList(() -> candidates(context, List.of(80, 443)));
    }

    /** The candidate as a TLS endpoint, when a handshake completes. */
    static Optional<Endpoint> tls(StepContext context, Candidate candidate) {
        return speaksTls(context, candidate) ? Optional.of(new Endpoint(candidate.target(), candidate.port(), true)) : Optional.empty();
    }

    /**
     * The candidate as an HTTP endpoint, in the clear or over TLS, when it answers HTTP. An HTTPS port often
     * answers a request in the clear too, with a 400 ("plain HTTP request sent to HTTPS port"): judging that
     * error page as the site would report headers the site does send. So a 400 in the clear is the site's
     * answer only when the port does not also serve HTTP over TLS.
     */
    static Optional<Endpoint> http(StepContext context, Candidate candidate) {
        Endpoint clear = new Endpoint(candidate.target(), candidate.port(), false);
        HttpExchange.Response clearAnswer = head(context, clear);
        if (clearAnswer != null && clearAnswer.status() != 400) {
            return Optional.of(clear);
        }
        Endpoint secure = new Endpoint(candidate.target(), candidate.port(), true);
        if (!context.stopped() && speaksTls(context, candidate) && head(context, secure) != null) {
            return Optional.of(secure);
        }
        return clearAnswer != null ? Optional.of(clear) : Optional.empty();
    }

    private static List<Candidate> candidates(StepContext context, List<Integer> defaultPorts) {
        Set<Candidate> candidates = new LinkedHashSet<>();
        if (context.work().earlierTests().contains(Rules.TCP_TOP_1000)) {
            for (ScanTargets.OpenPort open : ScanTargets.openPorts(context.guard(), context.work().findings())) {
                candidates.add(new Candidate(open.target(), open.port()));
            }
        } else {
            for (Target target : ScanTargets.all(context.guard(), context.work().scope())) {
                for (int port : defaultPorts) {
                    candidates.add(new Candidate(target, port));
                }
            }
        }
        return List.copyOf(candidates);
    }

    private static boolean speaksTls(StepContext context, Candidate candidate) {
        NetworkGuard.Opened opened = context.guard().open(candidate.target(), candidate.port(), context.settings().connectTimeout(),
                context.settings().handshakeLifetime());
        if (opened.state() != PortState.OPEN) {
            return false;
        }
        try (Connection connection = opened.connection()) {
            connection.readTimeout(context.settings().ioTimeout());
            connection.startTls(TlsOffer.defaults(candidate.target().host()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The answer to HEAD /, or null when the endpoint does not answer HTTP (or not within the head bound: counted). */
    private static HttpExchange.Response head(StepContext context, Endpoint endpoint) {
        try {
            return Http.exchange(context, endpoint, "HEAD", "/", Map.of());
        } catch (HttpExchange.HeadTooLargeException e) {
            context.count("responses_too_large", 1);
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
