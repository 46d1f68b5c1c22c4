package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * http.methods_and_redirects, per HTTP endpoint: OPTIONS / (the Allow header is an info finding), TRACE /
 * with a marker header (echoed back = TRACE enabled), and for plain-HTTP endpoints GET / to see whether it
 * redirects to HTTPS. A redirect is followed to the path and query its Location names, only when the guard
 * allows its target (else scope.blocked); the evidence lists each request as it was sent.
 */
final class MethodsAndRedirects implements TestExecutor {
    @Override
    public String testId() {
        return Rules.HTTP_METHODS;
    }

    @Override
    public String workStep() {
        return "options_requests";
    }

    /**
     * A candidate port: does it speak HTTP, then OPTIONS, TRACE and up to Location.MAX_REDIRECTS + 1 GETs, each
     * redirect to another in-scope name resolved once.
     */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return new ItemCost(Endpoints.HTTP_PROBES + 2 + Location.MAX_REDIRECTS + 1, settings.exchangeProbe(),
                settings.resolveBound().multipliedBy(Location.MAX_REDIRECTS));
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        return context.each(Endpoints.httpCandidates(context), itemCost(context.settings()), "candidate web ports",
                candidate -> Endpoints.http(context, candidate).ifPresent(endpoint -> {
                    context.count("endpoints", 1);
                    check(context, endpoint);
                }));
    }

    private void check(StepContext context, Endpoint endpoint) {
        FindingTarget target = new FindingTarget(endpoint.target().host(), endpoint.target().addressText(), endpoint.port(), endpoint.url("/"));
        try {
            options(context, endpoint, target);
            trace(context, endpoint, target);
            if (!endpoint.tls()) {
                redirect(context, endpoint, target);
            }
        } catch (IOException e) {
            context.count("endpoints_failed", 1);
        }
    }

    private void options(StepContext context, Endpoint endpoint, FindingTarget target) throws IOException {
        HttpExchange.Response response = Http.exchange(context, endpoint, "OPTIONS", "/", Map.of());
        if (response != null && response.header("Allow").isPresent()) {
            context.finding("http.methods.allowed", Severity.INFO, "HTTP methods offered by " + target.url(),
                    "The server lists the methods it allows in its answer to OPTIONS.", target,
                    Map.of("status", response.status(), "allow", response.header("Allow").get()));
        }
    }

    private void trace(StepContext context, Endpoint endpoint, FindingTarget target) throws IOException {
        String marker = UUID.randomUUID().toString();
        HttpExchange.Response response = Http.exchange(context, endpoint, "TRACE", "/", Map.of("X-Ait-Trace", marker));
        if (response != null && response.status() == 200 && response.body().contains(marker)) {
            context.finding("http.method.trace_enabled", Severity.MEDIUM, "TRACE enabled on " + target.url(),
                    "The server echoes TRACE requests, headers included (cross-site tracing).", target,
                    Map.of("status", response.status(), "echoed_marker_header", true));
        }
    }

    private void redirect(StepContext context, Endpoint endpoint, FindingTarget target) throws IOException {
        Endpoint current = endpoint;
        String path = "/";
        List<Map<String, Object>> hops = new ArrayList<>();
        for (int hop = 0; hop <= Location.MAX_REDIRECTS; hop++) {
            if (current.tls()) {
                // the browser is sent to HTTPS: what that server answers is the TLS and header checks' to judge
                context.count("redirects_to_https", 1);
                return;
            }
            HttpExchange.Response response = Http.exchange(context, current, "GET", path, Map.of());
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("url", current.url(path));
            if (response == null) {
                if (hop == 0) {
                    return; // the port closed after OPTIONS and TRACE: no GET was answered, nothing to judge
                }
                // a Location to plain HTTP that does not open: the browser was not sent to HTTPS
                context.count("redirects_unanswered", 1);
                seen.put("answered", false);
                hops.add(seen);
                break;
            }
            seen.put("status", response.status());
            response.header("Location").ifPresent(l -> seen.put("location", l));
            hops.add(seen);
            if (!response.redirect()) {
                break;
            }
            Optional<Location> location = Location.parse(current, path, response.header("Location").get());
            if (location.isEmpty()) {
                // a server's Location, not ours to fail the step over; a browser cannot follow it to HTTPS either
                context.count("redirects_unusable", 1);
                break;
            }
            Endpoint next = follow(context, current, location.get());
            if (next == null) {
                // the redirect leaves the scope (reported by the guard): judge where it points
                if (location.get().tls()) {
                    context.count("redirects_to_https", 1);
                    return;
                }
                break;
            }
            current = next;
            path = location.get().path();
        }
        context.finding("http.redirect.https_missing", Severity.MEDIUM, "No redirect to HTTPS from " + target.url(),
                "The site answers over plain HTTP without sending the browser to HTTPS.", target, Map.of("hops", hops));
    }

    /** The endpoint a usable Location points to, when the guard allows it; else null (counted). */
    private Endpoint follow(StepContext context, Endpoint from, Location location) {
        List<Target> targets = location.host().equalsIgnoreCase(from.target().name())
                ? List.of(from.target())
                : context.guard().targets(location.host());
        if (targets.isEmpty()) {
            context.count("redirects_blocked", 1);
            return null;
        }
        return new Endpoint(targets.getFirst(), location.port(), location.tls());
    }
}
