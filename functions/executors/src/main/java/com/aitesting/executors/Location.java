package com.aitesting.executors;

import com.aitesting.core.TcpPort;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Location header sends a browser, when it can: an http or https URL (relative ones resolved
 * against the URL that was requested) with a host and a port that exists, and the path and query the
 * browser asks for there (the fragment stays in the browser). Anything else ({@code file:},
 * {@code javascript:}, no host or one java.net.URI cannot read as a host, such as {@code 127.1}, a port
 * outside 1-65535) is unusable.
 */
record Location(String host, int port, boolean tls, String path) {
    /** The most redirects a check follows from one endpoint. */
    static final int MAX_REDIRECTS = 5;

    static Optional<Location> parse(Endpoint from, String requestedPath, String header) {
        URI uri;
        try {
            uri = URI.create(from.url(requestedPath)).resolve(header.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.empty();
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        // raw (still percent-encoded) parts: java.net.URI admits no space or control character in them, so
        // what goes on the request line is exactly what the server sent
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return TcpPort.valid(port) ? Optional.of(new Location(uri.getHost(), port, tls, path)) : Optional.empty();
    }

    /** Whether it points to the endpoint it came from (same scheme, name and port): the same origin. */
    boolean sameOrigin(Endpoint from) {
        return tls == from.tls() && port == from.port() && host.equalsIgnoreCase(from.target().name());
    }
}
