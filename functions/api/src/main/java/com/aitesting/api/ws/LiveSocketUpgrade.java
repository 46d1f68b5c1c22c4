package com.aitesting.api.ws;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The door of /v2/ws, before the auth filter and {@link LiveRunsSocket}: what it answers says how this server is
 * configured and what a WebSocket opening handshake is, nothing about any tenant's data.
 *
 * <p>LIVE_WEBSOCKET=false: /v2/ws is not served. Every request is answered 404, whatever its credentials, so a client
 * learns at connect that it must use SSE (the console then does).
 *
 * <p>Otherwise the request must be an opening handshake as RFC 6455 §4.2.1 describes it, checked here once, as a
 * whole: Micronaut starts an upgrade on the Upgrade and Connection headers alone (any method, any version), and Netty
 * then fails on a missing key after the filters (no answer, the connection held, an error logged) or answers a
 * version it does not speak with a bare 426. A request to /v2/ws that is no upgrade, or one in HTTP/1.0 (whose
 * Upgrade a server ignores, RFC 9110 §7.8), is a 426 naming the protocol; another method a 405; a malformed handshake
 * a 400 naming the header; a version other than 13 a 426 naming 13 (§4.2.2). Each closes the connection: what the
 * client would send next on it is WebSocket frames, not a request.
 */
@ServerFilter("/v2/ws")
public final class LiveSocketUpgrade implements Ordered {
    /** RFC 6455 §4.2.1: the only version this server speaks (Netty would also speak drafts 7, 8 and 0). */
    public static final String VERSION = "13";
    private static final String KEY = "Sec-WebSocket-Key";
    private static final String VERSION_HEADER = "Sec-WebSocket-Version";

    private final boolean served;
    private final Problems problems;

    public LiveSocketUpgrade(ApiConfig config, Problems problems) {
        this.served = config.liveWebSocket();
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> onlyOpeningHandshakes(HttpRequest<?> request) {
        if (!served) {
            return problems.respond(request, null, HttpStatus.NOT_FOUND);
        }
        RuntimeException refusal = refusal(request);
        if (refusal == null) {
            return null;
        }
        MutableHttpResponse<?> response = problems.respond(request, refusal, null);
        response.getHeaders().add(HttpHeaders.CONNECTION, "close");
        return response;
    }

    /** Why {@code request} is not an opening handshake this server completes, or null. */
    static RuntimeException refusal(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET) {
            return new NotAllowedException(request.getMethodName(), request.getUri(), Set.of("GET"));
        }
        HttpHeaders headers = request.getHeaders();
        List<String> upgrades = headers.getAll(HttpHeaders.UPGRADE);
        boolean websocket = upgrades.stream().flatMap(line -> List.of(line.split(",")).stream())
                .anyMatch(protocol -> protocol.strip().equalsIgnoreCase("websocket"));
        if (!websocket || isHttp10(request)) {
            return new Refused(null, null, "/v2/ws is a WebSocket: open it with an HTTP/1.1 GET carrying Upgrade: websocket "
                    + "(RFC 6455 §4.1).", true);
        }
        if (upgrades.size() != 1 || !upgrades.getFirst().strip().equalsIgnoreCase("websocket")) {
            return new Refused("Upgrade", "must be websocket", "Upgrade must be websocket, alone (RFC 6455 §4.2.1).", false);
        }
        boolean connectionUpgrade = headers.getAll(HttpHeaders.CONNECTION).stream()
                .flatMap(line -> List.of(line.split(",")).stream())
                .anyMatch(option -> option.strip().toLowerCase(Locale.ROOT).equals("upgrade"));
        if (!connectionUpgrade) {
            return new Refused("Connection", "must contain upgrade",
                    "Connection must contain upgrade in a WebSocket opening handshake (RFC 6455 §4.2.1).", false);
        }
        List<String> versions = headers.getAll(VERSION_HEADER);
        if (versions.size() != 1 || !versions.getFirst().strip().equals(VERSION)) {
            return new Refused(VERSION_HEADER, "must be " + VERSION, VERSION_HEADER + " must be " + VERSION
                    + ", the only version this server speaks (RFC 6455 §4.2.2).", true);
        }
        List<String> keys = headers.getAll(KEY);
        if (keys.size() != 1 || !isNonce(keys.getFirst().strip())) {
            return new Refused(KEY, "must be the base64 of 16 bytes", KEY + " must be sent once, the base64 of 16 random "
                    + "bytes (RFC 6455 §4.2.1).", false);
        }
        return null;
    }

    /** Micronaut's own version says 1.1 for any HTTP/1 connection; the request line is Netty's. */
    private static boolean isHttp10(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty
                && HttpVersion.HTTP_1_0.equals(netty.getNativeRequest().protocolVersion());
    }

    /** RFC 6455 §4.1: a nonce of 16 bytes, base64 encoded (RFC 4648, padded: 24 characters). */
    private static boolean isNonce(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * Why an upgrade of /v2/ws was refused ({@code Problems} words it): the header and what it must be, or none when
     * the request was no upgrade at all; {@code upgradeRequired} for the 426s, which name the protocol (and version).
     */
    public static final class Refused extends RuntimeException {
        private final String header;
        private final String rule;
        private final boolean upgradeRequired;

        Refused(String header, String rule, String detail, boolean upgradeRequired) {
            super(detail, null, false, false);
            this.header = header;
            this.rule = rule;
            this.upgradeRequired = upgradeRequired;
        }

        @Nullable
        public String header() {
            return header;
        }

        @Nullable
        public String rule() {
            return rule;
        }

        public boolean upgradeRequired() {
            return upgradeRequired;
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1; // right after StreamOnlyFilter, before the auth filter
    }
}
