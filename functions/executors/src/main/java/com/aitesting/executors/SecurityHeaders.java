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
 * http.security_headers: one GET / per HTTP endpoint, and its response headers judged: HSTS (HTTPS only),
 * CSP, X-Frame-Options (or CSP frame-ancestors), X-Content-Type-Options: nosniff, Referrer-Policy, and the
 * Secure (HTTPS only), HttpOnly and SameSite flags of each cookie set. A redirect is not judged (the page it
 * points to is an endpoint of its own). Cookie values never enter the evidence.
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

    /** A candidate port: does it speak HTTP (in the clear or over TLS), then GET /. */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return ItemCost.of(Endpoints.HTTP_PROBES + 1, settings.exchangeProbe());
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
        HttpExchange.Response response;
        try {
            response = Http.exchange(context, endpoint, "GET", "/", Map.of());
        } catch (IOException e) {
            context.count("endpoints_failed", 1);
            return;
        }
        if (response == null) {
            context.count("endpoints_failed", 1);
            return;
        }
        if (response.redirect()) {
            context.count("redirects_not_judged", 1);
            return;
        }
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("status", response.status());
        Map<String, Object> present = new LinkedHashMap<>();
        for (String name : SECURITY_HEADERS) {
            response.header(name).ifPresent(v -> present.put(name, v));
        }
        observed.put("security_headers", present);
        FindingTarget target = new FindingTarget(endpoint.target().host(), endpoint.target().addressText(), endpoint.port(), endpoint.url("/"));
        Optional<String> csp = response.header("Content-Security-Policy");
        if (endpoint.tls() && response.header("Strict-Transport-Security").isEmpty()) {
            missing(context, target, observed, "http.header.hsts_missing", Severity.MEDIUM, "Strict-Transport-Security",
                    "Browsers may be downgraded to plain HTTP: the HTTPS response sets no Strict-Transport-Security.");
        }
        if (csp.isEmpty()) {
            missing(context, target, observed, "http.header.csp_missing", Severity.LOW, "Content-Security-Policy",
                    "No Content-Security-Policy limits where scripts and other content may load from.");
        }
        boolean frameAncestors = csp.map(v -> v.toLowerCase(Locale.ROOT).contains("frame-ancestors")).orElse(false);
        if (response.header("X-Frame-Options").isEmpty() && !frameAncestors) {
            missing(context, target, observed, "http.header.x_frame_options_missing", Severity.LOW, "X-Frame-Options",
                    "The page may be framed by any site (clickjacking): neither X-Frame-Options nor CSP frame-ancestors is set.");
        }
        if (!response.header("X-Content-Type-Options").map(v -> v.equalsIgnoreCase("nosniff")).orElse(false)) {
            missing(context, target, observed, "http.header.x_content_type_options_missing", Severity.LOW, "X-Content-Type-Options",
                    "Browsers may sniff content types: X-Content-Type-Options: nosniff is not set.");
        }
        if (response.header("Referrer-Policy").isEmpty()) {
            missing(context, target, observed, "http.header.referrer_policy_missing", Severity.LOW, "Referrer-Policy",
                    "No Referrer-Policy: full URLs may leak to other sites in the Referer header.");
        }
        cookies(context, endpoint, target, response);
    }

    private void missing(StepContext context, FindingTarget target, Map<String, Object> observed, String rule,
                         Severity severity, String header, String description) {
        context.finding(rule, severity, header + " header missing on " + target.url(), description, target, observed);
    }

    private void cookies(StepContext context, Endpoint endpoint, FindingTarget target, HttpExchange.Response response) {
        List<String> noSecure = new ArrayList<>();
        List<String> noHttpOnly = new ArrayList<>();
        List<String> noSameSite = new ArrayList<>();
        for (String cookie : response.all("Set-Cookie")) {
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
        context.finding(rule, severity, "Cookie without " + flag + " on " + target.url(), description, target,
                Map.of("cookies", cookies, "flag", flag));
    }
}
