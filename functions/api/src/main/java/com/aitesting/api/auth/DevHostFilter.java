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
 * without a Host (HTTP/1.0 tools) is not a browser's. A request whose target is absolute ({@code GET http://name/...},
 * as sent to a proxy) is judged by the target's host, which wins over Host (RFC 9112 §3.2.2). Other modes need a
 * token a page does not have.
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
        if (!active || !(request instanceof NettyHttpRequest<?> netty)) {
            return null;
        }
        String host = targetHost(netty.getNativeRequest().uri(), request.getHeaders().get(HttpHeaders.HOST));
        if (host == null || isUnrebindable(host)) {
            return null;
        }
        return problems.respond(request, new HostNotAllowedException("This server uses dev auth and answers only to "
                + "requests addressed to localhost or an IP address (a name could be re-pointed at it by a web page: DNS "
                + "rebinding). Open it as http://localhost:<port> or http://127.0.0.1:<port>."), null);
    }

    /**
     * The host a request is addressed to: the authority of an absolute-form target ({@code http://host:port/path}),
     * which RFC 9112 §3.2.2 says wins over Host, else the Host header (null when there is none). An absolute target
     * without an authority names no host ({@code ""}, never served).
     */
    static String targetHost(String target, String hostHeader) {
        if (target.startsWith("/") || target.equals("*")) {
            return hostHeader; // origin-form (and asterisk-form): Host names the target
        }
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int end = scheme + 3;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        String authority = target.substring(scheme + 3, end);
        return authority.substring(authority.lastIndexOf('@') + 1); // without userinfo
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
