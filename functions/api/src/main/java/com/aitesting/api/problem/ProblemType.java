package com.aitesting.api.problem;

import io.micronaut.http.HttpStatus;

/** The stable problem types of this API: {@code https://ai-testing.dev/problems/<slug>}. */
public enum ProblemType {
    VALIDATION("validation", "The request is not valid", HttpStatus.BAD_REQUEST),
    WEBSOCKET_HANDSHAKE("websocket-handshake", "Not a valid WebSocket opening handshake", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", "Authentication is required", HttpStatus.UNAUTHORIZED),
    CORS_REFUSED("cors-refused", "Cross-origin request refused", HttpStatus.FORBIDDEN),
    HOST_NOT_ALLOWED("host-not-allowed", "This server does not answer to that host name", HttpStatus.MISDIRECTED_REQUEST),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
    REQUEST_TIMEOUT("request-timeout", "The request did not arrive in time", HttpStatus.REQUEST_TIMEOUT),
    CONFLICT("conflict", "The request conflicts with the current state", HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request body is too large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
    URI_TOO_LONG("uri-too-long", "The request line is too long", HttpStatus.REQUEST_URI_TOO_LONG),
    HEADERS_TOO_LARGE("headers-too-large", "The request headers are too large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    UPGRADE_REQUIRED("upgrade-required", "Upgrade required", HttpStatus.UPGRADE_REQUIRED),
    UNPROCESSABLE("unprocessable", "The request cannot be processed", HttpStatus.UNPROCESSABLE_ENTITY),
    AUTHORIZATION_REQUIRED("authorization-required", "Authorization required", HttpStatus.UNPROCESSABLE_ENTITY),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key used for another request", HttpStatus.UNPROCESSABLE_ENTITY),
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR),
    UNAVAILABLE("unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", "HTTP version not supported", HttpStatus.HTTP_VERSION_NOT_SUPPORTED);

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return Problem.TYPE_BASE + slug;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    /** The type for a status the framework produced without a more specific cause. */
    public static java.util.Optional<ProblemType> forStatus(int code) {
        for (ProblemType t : values()) {
            if (t.status.getCode() == code && t != CORS_REFUSED) { // a 403 is CORS's only when CORS says so
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
