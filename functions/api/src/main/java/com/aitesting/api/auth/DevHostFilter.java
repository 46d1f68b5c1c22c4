package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import com.aitesting.api.problem.Problems;
import com.aitesting.core.outbound.IpLiteral;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.Locale;

/**
 * AUTH_MODE=dev trusts X-Tenant-Id, so the only thing keeping other web pages out is the browser's
 * same-origin rule, and DNS rebinding defeats it: a page at {@code http://attacker.example:8080} re-points its
 * name at 127.0.0.1, and its requests then reach this server as same-origin ones, {@code Host:
 * attacker.example:8080}, no CORS check involved. A browser sends the name it resolved, so a request is
 * served only when it names this server by something no one else can re-point: an IP address, or
 * {@code localhost} and its subdomains (which browsers resolve to loopback themselves, RFC 6761). A request
 * without a Host (HTTP/1.0 tools) is not a browser's. Other modes need a token a page does not have.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class DevHostFilter {
    private final boolean active;
    private final Problems problems;

    public DevHostFilter(ApiConfig config, Problems problems) {
        this.active = config.authMode() == AuthMode.DEV;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> onlyUnrebindableHosts(HttpRequest<?> request) {
        // Only what this server reads off its own socket: behind API Gateway (the API Lambda) the gateway
        // routes by its own host names, so a name re-pointed elsewhere never reaches the function.
        if (!active || !(request instanceof NettyHttpRequest<?>)) {
            return null;
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null || isUnrebindable(host)) {
            return null;
        }
        return problems.respond(request, new HostNotAllowedException("This server uses dev auth and answers only to "
                + "requests addressed to localhost or an IP address (a name could be re-pointed at it by a web page: DNS "
                + "rebinding). Open it as http://localhost:<port> or http://127.0.0.1:<port>."), null);
    }

    /** {@code host} (a Host header: name or address, optional port) names this server by address or as localhost. */
    static boolean isUnrebindable(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            return end > 0 && IpLiteral.parse(name.substring(0, end + 1)).isPresent();
        }
        int colon = name.lastIndexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || IpLiteral.parse(name).isPresent();
    }
}
