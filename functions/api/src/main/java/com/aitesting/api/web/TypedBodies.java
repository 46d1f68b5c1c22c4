package com.aitesting.api.web;

import com.aitesting.api.problem.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.UnsupportedMediaException;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;

/**
 * A request body says what it is: without a Content-Type, Micronaut would read it as JSON, so a body of any kind
 * could run a route that takes JSON (and a browser's form post, which cannot send JSON's type without a CORS
 * preflight, could too if it dropped the type). A body without one is a 415 naming the types the route reads, before
 * the route runs; a request without a body (Content-Length 0 or none, not chunked) is left alone, and so is a route
 * that reads any type.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class TypedBodies {
    private final Problems problems;

    public TypedBodies(Problems problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> bodyHasAType(HttpRequest<?> request) {
        if (request.getContentType().isPresent() || !hasBody(request)) {
            return null;
        }
        RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
        if (route == null || route.consumesAll()) { // no route: its 404 or 405 follows
            return null;
        }
        return problems.respond(request, new UnsupportedMediaException(null,
                route.getConsumes().stream().map(MediaType::toString).toList()), null);
    }

    private static boolean hasBody(HttpRequest<?> request) {
        return request.getContentLength() > 0 || request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
