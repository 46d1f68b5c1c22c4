package com.aitesting.api.web;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.run.RunId;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * Where a run's event stream is: relative ({@code /v2/runs/{id}/events}) on one server, which serves the
 * stream itself; absolute on EVENT_STREAM_URL on AWS, where the stream is a separate function URL and the
 * REST API behind API Gateway does not serve it. Likewise the live-progress WebSocket: on AWS the
 * WebSocket API's stage URL (LIVE_WEBSOCKET_URL) when the stack gives it; else {@code /v2/ws} on a server that
 * serves it itself (LIVE_WEBSOCKET on, no EVENT_STREAM_URL); else none.
 */
@Singleton
public final class EventLinks {
    private final Optional<URI> base;
    private final Optional<String> webSocket;

    public EventLinks(ApiConfig config) {
        this.base = config.deployment().eventStreamUrl();
        this.webSocket = config.deployment().webSocketUrl().map(URI::toString)
                .or(() -> config.liveWebSocket() && base.isEmpty() ? Optional.of("/v2/ws") : Optional.empty());
    }

    /** The live-progress WebSocket with {@code query} (already encoded), when this server offers it. */
    public Optional<String> webSocket(String query) {
        return webSocket.map(url -> url + "?" + query);
    }

    /** The stream of {@code run}; {@code query} (already encoded) is appended when not null. */
    public String events(RunId run, String query) {
        String path = "/v2/runs/" + run + "/events" + (query == null ? "" : "?" + query);
        return base.map(b -> b + path).orElse(path);
    }
}
