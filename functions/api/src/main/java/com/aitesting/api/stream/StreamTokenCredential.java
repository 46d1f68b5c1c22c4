package com.aitesting.api.stream;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.util.regex.Pattern;

/**
 * The one request that may authenticate with a stream token instead of the usual credentials:
 * {@code GET /v2/runs/{run_id}/events?stream_token=...} (a browser's EventSource cannot send headers).
 * The auth filter lets such a request through unauthenticated; {@link RunEventsController} then accepts
 * it only with a token that is genuine, unexpired and issued for that run.
 */
public final class StreamTokenCredential {
    public static final String PARAMETER = "stream_token";
    private static final Pattern EVENTS_PATH = Pattern.compile("/v2/runs/[^/]+/events");
    // the WebSocket (its upgrade) and one event fetched from a reference it sent: LiveRunsSocket and
    // RunEventController verify the token the same way
    private static final Pattern LIVE_PATHS = Pattern.compile("/v2/ws|/v2/runs/[^/]+/events/[^/]+");

    public static boolean presentedBy(HttpRequest<?> request) {
        return request.getParameters().contains(PARAMETER) && (isEventsPath(request) || isLivePath(request));
    }

    /** {@code GET /v2/runs/{run_id}/events} (or its HEAD), with or without a token. */
    public static boolean isEventsPath(HttpRequest<?> request) {
        return isRead(request) && EVENTS_PATH.matcher(request.getPath()).matches();
    }

    private static boolean isLivePath(HttpRequest<?> request) {
        return isRead(request) && LIVE_PATHS.matcher(request.getPath()).matches();
    }

    // HEAD is GET without the body (RFC 9110 §9.3.2), so it authenticates the same way
    private static boolean isRead(HttpRequest<?> request) {
        return request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
    }

    private StreamTokenCredential() {}
}
