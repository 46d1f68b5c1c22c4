package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import com.aitesting.executors.net.TlsHello;
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
    /** Probes of {@link #tlsAnyVersion}: a handshake, then a hand-built hello. */
    static final int TLS_ANY_VERSION_PROBES = 2;
    /** Probes of {@link #http}: HEAD in the clear, a handshake, HEAD over TLS (each bounded as an exchange). */
    static final int HTTP_PROBES = 3;

    private Endpoints() {}

    /** A port to ask; {@code foundOpen} when an earlier step of the run found it open (else a default port). */
    record Candidate(Target target, int port, boolean foundOpen) {}

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
        Attempt handshake = handshake(context, candidate);
        countFailed(context, candidate, handshake);
        return handshake == Attempt.PASSED ? Optional.of(new Endpoint(candidate.target(), candidate.port(), true)) : Optional.empty();
    }

    /**
     * The candidate as a TLS endpoint of any version: a handshake completes, or, when it fails, a ServerHello
     * answers a hand-built hello with what the JDK's client will not offer (a server of TLS 1.0 only, or of
     * static-RSA suites only, is a TLS endpoint all the same).
     */
    static Optional<Endpoint> tlsAnyVersion(StepContext context, Candidate candidate) {
        Attempt handshake = handshake(context, candidate);
        if (handshake == Attempt.FAILED && !context.stopped()) {
            handshake = legacyHello(context, candidate);
        }
        countFailed(context, candidate, handshake);
        return handshake == Attempt.PASSED ? Optional.of(new Endpoint(candidate.target(), candidate.port(), true)) : Optional.empty();
    }

    /**
     * The candidate as an HTTP endpoint, in the clear or over TLS, when it answers HTTP. An HTTPS port often
     * answers a request in the clear too, with a 400 ("plain HTTP request sent to HTTPS port"): judging that
     * error page as the site would report headers the site does send. So a 400 in the clear is the site's
     * answer only when the port does not also serve HTTP over TLS.
     */
    static Optional<Endpoint> http(StepContext context, Candidate candidate) {
        Endpoint clear = new Endpoint(candidate.target(), candidate.port(), false);
        Head clearHead = head(context, clear);
        if (clearHead.response() != null && clearHead.response().status() != 400) {
            return Optional.of(clear);
        }
        Attempt outcome = clearHead.attempt();
        if (!context.stopped()) {
            Attempt handshake = handshake(context, candidate);
            if (handshake == Attempt.PASSED) {
                Endpoint secure = new Endpoint(candidate.target(), candidate.port(), true);
                Head secureHead = head(context, secure);
                if (secureHead.response() != null) {
                    return Optional.of(secure);
                }
                outcome = outcome.max(secureHead.attempt());
            } else {
                outcome = outcome.max(handshake);
            }
        }
        if (clearHead.response() != null) {
            return Optional.of(clear);
        }
        countFailed(context, candidate, outcome);
        return Optional.empty();
    }

    /**
     * How one attempt on a candidate went, least telling first. A candidate that is no endpoint is counted by
     * its most telling attempt: a port that accepted and then failed the handshake or the request (silent,
     * cut off at its bound, not TLS, not HTTP) is {@code candidates_failed}; a head too large was counted
     * already; a port that did not open is no server (or a refusal, counted by the guard), unless an earlier
     * step found it open: then it is {@code candidates_unreachable}, so the port does not leave the step
     * untested without a trace.
     */
    private enum Attempt {
        NOT_OPEN, FAILED, TOO_LARGE, PASSED;

        Attempt max(Attempt other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /** One HEAD / and its answer (null unless the attempt passed). */
    private record Head(Attempt attempt, HttpExchange.Response response) {}

    private static void countFailed(StepContext context, Candidate candidate, Attempt outcome) {
        if (outcome == Attempt.FAILED) {
            context.count("candidates_failed", 1);
        } else if (outcome == Attempt.NOT_OPEN && candidate.foundOpen() && !context.stopped()) {
            context.count("candidates_unreachable", 1);
        }
    }

    private static List<Candidate> candidates(StepContext context, List<Integer> defaultPorts) {
        Set<Candidate> candidates = new LinkedHashSet<>();
        if (context.work().earlierTests().contains(Rules.TCP_TOP_1000)) {
            for (ScanTargets.OpenPort open : ScanTargets.openPorts(context.guard(), context.work().findings())) {
                candidates.add(new Candidate(open.target(), open.port(), true));
            }
        } else {
            for (Target target : ScanTargets.all(context.guard(), context.work().scope())) {
                for (int port : defaultPorts) {
                    candidates.add(new Candidate(target, port, false));
                }
            }
        }
        return List.copyOf(candidates);
    }

    private static Attempt handshake(StepContext context, Candidate candidate) {
        return onConnection(context, candidate, connection -> {
            connection.startTls(TlsOffer.defaults(candidate.target().host()));
            return true;
        });
    }

    /** A TLS 1.2 hello of every suite {@link TlsHello} knows: any ServerHello, of whatever version, is a TLS server's. */
    private static Attempt legacyHello(StepContext context, Candidate candidate) {
        TlsOffer offer = new TlsOffer(candidate.target().host(), List.of("TLSv1.2"), List.of());
        return onConnection(context, candidate, connection -> TlsHello.exchange(connection, offer) instanceof TlsHello.ServerHello);
    }

    /** What {@code passes} says of a connection to the candidate opened through the guard; an I/O error fails it. */
    private static Attempt onConnection(StepContext context, Candidate candidate, ConnectionCheck passes) {
        NetworkGuard.Opened opened = context.guard().open(candidate.target(), candidate.port(), context.settings().connectTimeout(),
                context.settings().handshakeLifetime());
        if (opened.state() != PortState.OPEN) {
            return Attempt.NOT_OPEN;
        }
        try (Connection connection = opened.connection()) {
            connection.readTimeout(context.settings().ioTimeout());
            return passes.test(connection) ? Attempt.PASSED : Attempt.FAILED;
        } catch (IOException e) {
            return Attempt.FAILED;
        }
    }

    private interface ConnectionCheck {
        boolean test(Connection connection) throws IOException;
    }

    /** HEAD / to the endpoint; a head over the bound is not judged, and counted. */
    private static Head head(StepContext context, Endpoint endpoint) {
        try {
            HttpExchange.Response response = Http.exchange(context, endpoint, "HEAD", "/", Map.of());
            return new Head(response == null ? Attempt.NOT_OPEN : Attempt.PASSED, response);
        } catch (HttpExchange.HeadTooLargeException e) {
            context.count("responses_too_large", 1);
            return new Head(Attempt.TOO_LARGE, null);
        } catch (IOException e) {
            return new Head(Attempt.FAILED, null);
        }
    }
}
