package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import com.aitesting.api.problem.Problems;
import com.aitesting.api.stream.StreamTokenCredential;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * AUTH_MODE=stream_token (the SSE function on a public function URL, no authorizer in front): the only
 * request served is {@code GET /v2/runs/{run_id}/events?stream_token=...}, whose token the controller
 * verifies. The events route without a token is a 401; every other path (the REST API, /health, /docs,
 * the console) is a 404, before routing, so this function exposes nothing else. In other modes it lets
 * everything through.
 */
@ServerFilter("/**")
public final class StreamOnlyFilter implements Ordered {
    private final boolean active;
    private final Problems problems;

    public StreamOnlyFilter(ApiConfig config, Problems problems) {
        this.active = config.authMode() == AuthMode.STREAM_TOKEN;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> onlyTheEventStream(HttpRequest<?> request) {
        if (!active || StreamTokenCredential.presentedBy(request)) {
            return null;
        }
        if (StreamTokenCredential.isEventsPath(request)) {
            return problems.respond(request, new UnauthorizedException(
                    "A stream_token from POST /v2/runs/{run_id}/stream-token is required.", ActorResolver.STREAM_TOKEN_CHALLENGE), null);
        }
        return problems.respond(request, null, HttpStatus.NOT_FOUND);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE; // before the auth filter and any route
    }
}
