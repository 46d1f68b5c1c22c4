package com.aitesting.api.web;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.run.RunId;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * Where a run's event stream is: relative ({@code /v2/runs/{id}/events}) on one server, which serves the
 * stream itself; absolute on EVENT_STREAM_URL on AWS, where the stream is a separate function URL and the
 * REST API behind API Gateway does not serve it. Likewise the live-progress WebSocket: offered
 * ({@code /v2/ws}) only by a server that serves it itself (LIVE_WEBSOCKET on, no EVENT_STREAM_URL).
 */
@Singleton
public final class EventLinks {
    private final Optional<URI> base;
    private final boolean webSocketHere;

    public EventLinks(ApiConfig config) {
        this.base = config.deployment().eventStreamUrl();
        // On AWS the WebSocket is API Gateway's stage URL, which the REST API is not told (yet): not offered.
        this.webSocketHere = config.liveWebSocket() && base.isEmpty();
    }

    /** The live-progress WebSocket with {@code query} (already encoded), when this server offers it. */
    public Optional<String> webSocket(String query) {
        return webSocketHere ? Optional.of("/v2/ws?" + query) : Optional.empty();
    }

    /** The stream of {@code run}; {@code query} (already encoded) is appended when not null. */
    public String events(RunId run, String query) {
        String path = "/v2/runs/" + run + "/events" + (query == null ? "" : "?" + query);
        return base.map(b -> b + path).orElse(path);
    }
}
