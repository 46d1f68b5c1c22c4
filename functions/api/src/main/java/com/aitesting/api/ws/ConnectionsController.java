package com.aitesting.api.ws;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import com.aitesting.core.error.NotFoundException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.websocket.CloseReason;
import io.swagger.v3.oas.annotations.Hidden;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * API Gateway's WebSocket management API ({@code POST|GET|DELETE /@connections/{id}}) served by the
 * embedded server for its own connections, answering as API Gateway does (410 {@code GoneException} for a
 * connection that is not open), so the AWS pusher ({@code ApiGatewayManagementApiClient}) runs against it
 * unchanged. The embedded default only (AUTH_MODE=dev, loopback): on AWS the real API answers and this is
 * a 404. Like API Gateway's, it trusts whoever knows a connection id (there IAM signs the call; here ids
 * are random and only this process hands them out).
 */
@Hidden
@Controller("/@connections/{connection_id}")
public final class ConnectionsController {
    /** API Gateway's limit for one posted message. */
    static final int MAX_MESSAGE_BYTES = 128 * 1024;
    private static final String ERROR_TYPE = "x-amzn-ErrorType";

    private final LiveSessions sessions;
    private final boolean served;

    public ConnectionsController(LiveSessions sessions, ApiConfig config) {
        this.sessions = sessions;
        this.served = config.authMode() == AuthMode.DEV;
    }

    /**
     * Answered once the frame is written, as API Gateway answers PostToConnection: a caller that posts one message
     * after another gets them delivered in that order (answered before the write, a later post handled on the
     * socket's own event loop could overtake an earlier one still queued there).
     */
    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<MutableHttpResponse<?>> post(@PathVariable("connection_id") String id, @Body byte[] data) {
        LiveSessions.Entry entry = open(id);
        if (entry == null) {
            return CompletableFuture.completedFuture(gone());
        }
        if (data.length > MAX_MESSAGE_BYTES) {
            return CompletableFuture.completedFuture(HttpResponse.status(io.micronaut.http.HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .header(ERROR_TYPE, "PayloadTooLargeException")
                    .body(Map.of("message", "The message is larger than " + MAX_MESSAGE_BYTES + " bytes.")));
        }
        // a text frame, as API Gateway sends; a socket that closed meanwhile is gone, as there
        return entry.session().sendAsync(new String(data, StandardCharsets.UTF_8))
                .<MutableHttpResponse<?>>thenApply(sent -> HttpResponse.ok())
                .exceptionally(notSent -> gone());
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public MutableHttpResponse<?> get(@PathVariable("connection_id") String id) {
        LiveSessions.Entry entry = open(id);
        if (entry == null) {
            return gone();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connectedAt", entry.connectedAt().toString());
        body.put("identity", Map.of("sourceIp", entry.sourceIp(), "userAgent", entry.userAgent()));
        body.put("lastActiveAt", sessions.lastActiveAt(entry).toString());
        return HttpResponse.ok(body);
    }

    @Delete
    public MutableHttpResponse<?> delete(@PathVariable("connection_id") String id) {
        LiveSessions.Entry entry = open(id);
        if (entry == null) {
            return gone();
        }
        entry.session().close(CloseReason.NORMAL);
        return HttpResponse.noContent();
    }

    private LiveSessions.Entry open(String id) {
        if (!served) {
            throw new NotFoundException("route", "/@connections");
        }
        return sessions.find(id).orElse(null);
    }

    private static MutableHttpResponse<?> gone() {
        return HttpResponse.status(io.micronaut.http.HttpStatus.GONE).header(ERROR_TYPE, "GoneException")
                .body(Map.of("message", "The connection is not open."));
    }
}
