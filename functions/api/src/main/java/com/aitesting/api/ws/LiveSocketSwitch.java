package com.aitesting.api.ws;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * LIVE_WEBSOCKET=false: /v2/ws is not served. Every upgrade is answered 404, whatever its credentials,
 * before it reaches {@link LiveRunsSocket}, so a client learns at connect that it must use SSE (the
 * console then does). It says only how this server is configured, nothing about any tenant's data.
 */
@ServerFilter("/v2/ws")
public final class LiveSocketSwitch implements Ordered {
    private final boolean served;
    private final Problems problems;

    public LiveSocketSwitch(ApiConfig config, Problems problems) {
        this.served = config.liveWebSocket();
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuseWhenOff(HttpRequest<?> request) {
        return served ? null : problems.respond(request, null, HttpStatus.NOT_FOUND);
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1; // right after StreamOnlyFilter, before the auth filter
    }
}
