package com.aitesting.api.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every /v1 and /v2 answer is one tenant's data (or a credential: a stream token), so no cache, shared or the
 * browser's, keeps it ({@code no-store}) unless the endpoint says otherwise (the event stream's
 * {@code no-cache}), and no browser guesses another type than the one declared ({@code nosniff}), errors included.
 */
@ServerFilter({"/v1/**", "/v2/**"})
public final class ApiResponseHeaders {
    static final String NO_STORE = "no-store";

    @ResponseFilter
    public void privateAndTyped(MutableHttpResponse<?> response) {
        mark(response);
    }

    /**
     * The headers themselves, also for a problem that no filter sees: one answering a request head that could not
     * be read, whose path is not the client's ({@code Problems} marks every problem). Idempotent (set, not add): a
     * problem on /v1 or /v2 is marked by {@code Problems} and then by this filter, and must carry each header once.
     */
    public static void mark(MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
    }
}
