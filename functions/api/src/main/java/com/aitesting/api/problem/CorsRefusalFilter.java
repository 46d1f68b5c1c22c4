package com.aitesting.api.problem;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.annotation.PreMatching;
import io.micronaut.http.server.cors.CorsFilter;

/**
 * Micronaut's CORS filter refuses an origin, method or header it is not configured for with a bare 403 that no
 * error processor sees. This filter wraps it (it runs just before it, so its response side runs just after) and
 * turns that 403 into the same problem+json as every other error. CORS disabled (the default) refuses too:
 * a server on localhost turns away any other origin (Micronaut's guard against drive-by-localhost attacks).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class CorsRefusalFilter implements Ordered {
    private final Problems problems;

    public CorsRefusalFilter(Problems problems) {
        this.problems = problems;
    }

    /** Preflights are answered by CORS before route matching, so their refusals are seen here. */
    @PreMatching
    @ResponseFilter
    public void problemForPreflightRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        problemForCorsRefusal(request, response);
    }

    @ResponseFilter
    public void problemForCorsRefusal(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.FORBIDDEN && request.getHeaders().contains(HttpHeaders.ORIGIN)
                && response.getBody().isEmpty()) {
            problems.write(request, new CorsRefusedException(), response);
        }
    }

    @Override
    public int getOrder() {
        return CorsFilter.CORS_FILTER_ORDER - 1;
    }
}
