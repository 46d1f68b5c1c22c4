package com.aitesting.api.web;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.run.RunId;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * Where a run's event stream is: relative ({@code /v2/runs/{id}/events}) on one server, which serves the
 * stream itself; absolute on EVENT_STREAM_URL on AWS, where the stream is a separate function URL and the
 * REST API behind API Gateway does not serve it.
 */
@Singleton
public final class EventLinks {
    private final Optional<URI> base;

    public EventLinks(ApiConfig config) {
        this.base = config.deployment().eventStreamUrl();
    }

    /** The stream of {@code run}; {@code query} (already encoded) is appended when not null. */
    public String events(RunId run, String query) {
        String path = "/v2/runs/" + run + "/events" + (query == null ? "" : "?" + query);
        return base.map(b -> b + path).orElse(path);
    }
}
