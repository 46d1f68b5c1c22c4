package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * http.security_headers: GET / per HTTP endpoint, following its same-origin redirects (same scheme, name and
 * port, at most {@link Location#MAX_REDIRECTS}), and the headers judged. The page it lands on is judged for
 * CSP, X-Frame-Options (or CSP frame-ancestors), X-Content-Type-Options: nosniff and Referrer-Policy. What a
 * browser honours on any response, redirects included, is judged on every response of the endpoint: HSTS
 * (HTTPS only; missing when none sets it) and the Secure (HTTPS only), HttpOnly and SameSite flags of each
 * cookie set. A redirect to another origin, or one not followed for another reason, leaves the page unjudged
 * (counted). Cookie values never enter the evidence.
 */
final class SecurityHeaders implements TestExecutor {
    static final List<String> SECURITY_HEADERS = List.of("Strict-Transport-Security", "Content-Security-Policy",
            "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy");
    /** How a cookie set without a name is listed in the evidence. */
    static final String UNNAMED_COOKIE = "(no name)";

    @Override
    public String testId() {
        return Rules.HTTP_HEADERS;
    }

    @Override
    public String workStep() {
        return "fetch_headers";
    }

    /** A candidate port: does it speak HTTP (in the clear or over TLS), then GET / and its redirects. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return ItemCost.of(Endpoints.HTTP_PROBES + 1 + Location.MAX_REDIRECTS, settings.exchangeProbe());
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        return context.each(Endpoints.httpCandidates(context), itemCost(context.settings()), "candidate web ports",
                candidate -> Endpoints.http(context, candidate).ifPresent(endpoint -> {
                    context.count("endpoints", 1);
                    check(context, endpoint);
                }));
    }

    /** One GET of the endpoint: the path requested and the response. */
    private record Visit(String path, HttpExchange.Response response) {}

    private void check(StepContext context, Endpoint endpoint) {
        List<Visit> visits = visit(context, endpoint);
        if (visits.isEmpty()) {
            context.count("endpoints_failed", 1);
            return;
        }
        Visit last = visits.getLast();
        Map<String, Object> observed = observed(endpoint, visits);
        FindingTarget site = target(endpoint, "/");
        if (endpoint.tls() && visits.stream().allMatch(v -> v.response().header("Strict-Transport-Security").isEmpty())) {
            missing(context, site, observed, "http.header.hsts_missing", Severity.MEDIUM, "Strict-Transport-Security",
                    "Browsers may be downgraded to plain HTTP: no HTTPS response sets Strict-Transport-Security.");
        }
        if (last.response().redirect()) {
            context.count("redirects_not_judged", 1);
        } else {
            page(context, target(endpoint, last.path()), observed, last.response());
        }
        cookies(context, endpoint, site, visits);
    }

    /** The headers that matter on the page a browser renders. */
    private void page(StepContext context, FindingTarget page, Map<String, Object> observed, HttpExchange.Response response) {
        Optional<String> csp = response.header("Content-Security-Policy");
        if (csp.isEmpty()) {
            missing(context, page, observed, "http.header.csp_missing", Severity.LOW, "Content-Security-Policy",
                    "No Content-Security-Policy limits where scripts and other content may load from.");
        }
        boolean frameAncestors = csp.map(v -> v.toLowerCase(Locale.ROOT).contains("frame-ancestors")).orElse(false);
        if (response.header("X-Frame-Options").isEmpty() && !frameAncestors) {
            missing(context, page, observed, "http.header.x_frame_options_missing", Severity.LOW, "X-Frame-Options",
                    "The page may be framed by any site (clickjacking): neither X-Frame-Options nor CSP frame-ancestors is set.");
        }
        if (!response.header("X-Content-Type-Options").map(v -> v.equalsIgnoreCase("nosniff")).orElse(false)) {
            missing(context, page, observed, "http.header.x_content_type_options_missing", Severity.LOW, "X-Content-Type-Options",
                    "Browsers may sniff content types: X-Content-Type-Options: nosniff is not set.");
        }
        if (response.header("Referrer-Policy").isEmpty()) {
            missing(context, page, observed, "http.header.referrer_policy_missing", Severity.LOW, "Referrer-Policy",
                    "No Referrer-Policy: full URLs may leak to other sites in the Referer header.");
        }
    }

    /**
     * GET / and each same-origin redirect after it, through the guard like every request: the responses in
     * order (none when the first did not come). It ends at a response that is no redirect, or at a redirect
     * not followed: to another origin (that page is judged as an endpoint of its own, if it is one), a
     * Location a browser cannot follow, one too many, or one whose page did not answer.
     */
    private List<Visit> visit(StepContext context, Endpoint endpoint) {
        List<Visit> visits = new ArrayList<>();
        String path = "/";
        for (int hop = 0; hop <= Location.MAX_REDIRECTS; hop++) {
            HttpExchange.Response response;
            try {
                response = Http.exchange(context, endpoint, "GET", path, Map.of());
            } catch (IOException e) {
                break;
            }
            if (response == null) {
                break;
            }
            visits.add(new Visit(path, response));
            Optional<Location> next = response.redirect()
                    ? Location.parse(endpoint, path, response.header("Location").get()).filter(l -> l.sameOrigin(endpoint))
                    : Optional.empty();
            if (next.isEmpty()) {
                break;
            }
            path = next.get().path();
        }
        return visits;
    }

    /**
     * The evidence: the last response's status and security headers and, after redirects, its URL and each
     * redirect before it (URL, status, Location, security headers).
     */
    private static Map<String, Object> observed(Endpoint endpoint, List<Visit> visits) {
        Map<String, Object> observed = new LinkedHashMap<>();
        Visit last = visits.getLast();
        if (visits.size() > 1) {
            observed.put("url", endpoint.url(last.path()));
        }
        observed.put("status", last.response().status());
        observed.put("security_headers", securityHeaders(last.response()));
        if (visits.size() > 1) {
            List<Map<String, Object>> redirects = new ArrayList<>();
            for (Visit visit : visits.subList(0, visits.size() - 1)) {
                Map<String, Object> hop = new LinkedHashMap<>();
                hop.put("url", endpoint.url(visit.path()));
                hop.put("status", visit.response().status());
                hop.put("location", visit.response().header("Location").orElseThrow());
                hop.put("security_headers", securityHeaders(visit.response()));
                redirects.add(hop);
            }
            observed.put("redirects", redirects);
        }
        return observed;
    }

    private static Map<String, Object> securityHeaders(HttpExchange.Response response) {
        Map<String, Object> present = new LinkedHashMap<>();
        for (String name : SECURITY_HEADERS) {
            response.header(name).ifPresent(v -> present.put(name, v));
        }
        return present;
    }

    private static FindingTarget target(Endpoint endpoint, String path) {
        return new FindingTarget(endpoint.target().host(), endpoint.target().addressText(), endpoint.port(), endpoint.url(path));
    }

    private void missing(StepContext context, FindingTarget target, Map<String, Object> observed, String rule,
                         Severity severity, String header, String description) {
        context.finding(rule, severity, header + " header missing on " + target.url(), description, target, observed);
    }

    private void cookies(StepContext context, Endpoint endpoint, FindingTarget target, List<Visit> visits) {
        List<String> noSecure = new ArrayList<>();
        List<String> noHttpOnly = new ArrayList<>();
        List<String> noSameSite = new ArrayList<>();
        for (String cookie : visits.stream().flatMap(v -> v.response().all("Set-Cookie").stream()).toList()) {
            String[] parts = cookie.split(";");
            // without '=' the pair is a value with an empty name (RFC 6265 §5.2), so it is never evidence
            String name = parts[0].contains("=") ? parts[0].substring(0, parts[0].indexOf('=')).strip() : "";
            name = name.isEmpty() ? UNNAMED_COOKIE : name;
            List<String> attributes = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                attributes.add(parts[i].strip().toLowerCase(Locale.ROOT));
            }
            if (endpoint.tls() && attributes.stream().noneMatch(a -> a.equals("secure"))) {
                noSecure.add(name);
            }
            if (attributes.stream().noneMatch(a -> a.equals("httponly"))) {
                noHttpOnly.add(name);
            }
            if (attributes.stream().noneMatch(a -> a.startsWith("samesite"))) {
                noSameSite.add(name);
            }
        }
        cookieFinding(context, target, noSecure, "http.cookie.secure_missing", Severity.MEDIUM, "Secure",
                "Cookies set over HTTPS without Secure may be sent over plain HTTP.");
        cookieFinding(context, target, noHttpOnly, "http.cookie.httponly_missing", Severity.LOW, "HttpOnly",
                "Cookies without HttpOnly can be read by scripts (an XSS can steal them).");
        cookieFinding(context, target, noSameSite, "http.cookie.samesite_missing", Severity.LOW, "SameSite",
                "Cookies without SameSite rely on browser defaults against cross-site requests.");
    }

    private void cookieFinding(StepContext context, FindingTarget target, List<String> cookies, String rule,
                               Severity severity, String flag, String description) {
        if (cookies.isEmpty()) {
            return;
        }
        // a cookie set again on the way (by a redirect, then the page) is one cookie
        context.finding(rule, severity, "Cookie without " + flag + " on " + target.url(), description, target,
                Map.of("cookies", cookies.stream().distinct().toList(), "flag", flag));
    }
}
