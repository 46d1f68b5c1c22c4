package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import com.aitesting.executors.net.TlsOffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which ports the HTTP and TLS checks talk to. With a port scan earlier in the plan: every open port it
 * found, each asked whether it speaks TLS (a handshake completes) and HTTP (the first response is an HTTP
 * status line, in the clear or inside TLS). Without one: the default ports (80 for HTTP, 443 for HTTPS) of
 * every in-scope name and address, asked the same way.
 */
final class Endpoints {
    private Endpoints() {}

    private record Candidate(Target target, int port) {}

    /** Endpoints that complete a TLS handshake. */
    static List<Endpoint> tls(StepContext context) {
        List<Endpoint> found = new ArrayList<>();
        for (Candidate candidate : candidates(context, List.of(443))) {
            if (context.stopped()) {
                break;
            }
            if (speaksTls(context, candidate)) {
                found.add(new Endpoint(candidate.target(), candidate.port(), true));
            }
        }
        return found;
    }

    /** Endpoints that answer HTTP, in the clear or over TLS. */
    static List<Endpoint> http(StepContext context) {
        List<Endpoint> found = new ArrayList<>();
        for (Candidate candidate : candidates(context, List.of(80, 443))) {
            if (context.stopped()) {
                break;
            }
            if (speaksHttp(context, new Endpoint(candidate.target(), candidate.port(), false))) {
                found.add(new Endpoint(candidate.target(), candidate.port(), false));
            } else if (speaksTls(context, candidate) && speaksHttp(context, new Endpoint(candidate.target(), candidate.port(), true))) {
                found.add(new Endpoint(candidate.target(), candidate.port(), true));
            }
        }
        return found;
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
        NetworkGuard.Opened opened = context.guard().open(candidate.target(), candidate.port(), context.settings().connectTimeout());
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

    private static boolean speaksHttp(StepContext context, Endpoint endpoint) {
        try {
            return Http.exchange(context, endpoint, "HEAD", "/", Map.of()) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
