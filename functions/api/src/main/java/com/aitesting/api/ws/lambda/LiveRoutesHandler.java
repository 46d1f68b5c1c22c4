package com.aitesting.api.ws.lambda;

import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.dataapi.DataApiRunEventReads;
import com.aitesting.aws.dataapi.DataApiTransactions;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.aws.live.ManagementApiPush;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.JsonMappers;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Every route of the WebSocket API ($connect, $disconnect, subscribe, unsubscribe, ping, $default): thin,
 * it reads the route key, the connection id and the body, and calls {@link LiveRoutes}. Messages go back
 * through the management endpoint of the configured stage (LIVE_CALLBACK_URL, as the writers'), never one
 * an event names.
 */
public final class LiveRoutesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutesHandler.class);
    static final String TENANT = "tenant";
    static final String ONLY_RUN = "only_run";
    /** In the authorizer's context: when the connection's credential expires, in epoch seconds. */
    static final String CREDENTIAL_EXPIRES_AT = "credential_expires_at";

    private final LiveRoutes routes;

    /** Used by the Lambda runtime. */
    public LiveRoutesHandler() {
        this(LiveEnvironment.from(System.getenv()));
    }

    private LiveRoutesHandler(LiveEnvironment env) {
        this(env.connections(), env.transactions(), env.push().management());
    }

    /** On the given registry, Data API and stage's management API (tests pass parts on loopback). */
    public LiveRoutesHandler(DynamoDbLiveConnections connections, DataApiTransactions transactions,
                             ApiGatewayManagementApiClient management) {
        LiveMessages messages = new LiveMessages(JsonMappers.shared());
        DataApiRunEventReads reads = new DataApiRunEventReads(transactions);
        ManagementApiPush push = new ManagementApiPush(management);
        PushRunEvents pusher = LivePushSettings.pusher(connections, push, messages, transactions, reads);
        this.routes = new LiveRoutes(connections, push, pusher, messages, transactions, reads, Clock.systemUTC());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<?, ?> request = event != null && event.get("requestContext") instanceof Map<?, ?> r ? r : Map.of();
        Optional<ConnectionId> connection = text(request, "connectionId").flatMap(LiveRoutesHandler::connectionId);
        Optional<String> routeKey = text(request, "routeKey");
        if (connection.isEmpty() || routeKey.isEmpty()) {
            LOG.warn("A WebSocket event without a route key or a valid connection id: refused");
            return status(400);
        }
        switch (routeKey.get()) {
            case "$connect" -> {
                // API Gateway refuses the handshake with this status: an authorizer context that names no
                // tenant (a misconfigured route, a changed authorizer) must not register a connection at all
                Map<?, ?> authorizer = request.get("authorizer") instanceof Map<?, ?> a ? a : Map.of();
                Optional<TenantId> tenant = text(authorizer, TENANT).flatMap(LiveRoutesHandler::tenantId);
                Optional<String> onlyRun = text(authorizer, ONLY_RUN);
                Optional<RunId> run = onlyRun.flatMap(LiveRoutesHandler::runId);
                Object expiry = authorizer.get(CREDENTIAL_EXPIRES_AT); // a string or a number, as API Gateway hands it over
                boolean expires = expiry instanceof Number || expiry instanceof String text && !text.isBlank();
                Optional<Instant> expiresAt = CredentialExpiry.epochSeconds(expiry);
                if (tenant.isEmpty() || onlyRun.isPresent() != run.isPresent() || expires != expiresAt.isPresent()) {
                    LOG.warn("$connect without a valid tenant (or run, or expiry) in the authorizer's context: refused");
                    return status(403);
                }
                try {
                    routes.connect(connection.get(), tenant.get(), run, expiresAt);
                } catch (StoreUnavailableException e) {
                    // API Gateway answers the upgrade with this status: a transient refusal, connect again
                    // (thrown, it would be a 500 and the reason only in the function's error log)
                    LOG.warn("$connect refused with 503: {}", e.getMessage());
                    return status(503);
                }
            }
            case "$disconnect" -> {
                try {
                    routes.disconnect(connection.get());
                } catch (StoreUnavailableException e) {
                    // the socket is gone whatever is answered; its items expire with it, pushes to it find it gone
                    LOG.warn("$disconnect left the connection's items to expire: {}", e.getMessage());
                }
            }
            default -> routes.message(connection.get(), event.get("body") instanceof String body ? body : null);
        }
        return status(200);
    }

    private static Map<String, Object> status(int code) {
        return Map.of("statusCode", code);
    }

    private static Optional<String> text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String value && !value.isBlank() ? Optional.of(value) : Optional.empty();
    }

    private static Optional<ConnectionId> connectionId(String value) {
        try {
            return Optional.of(new ConnectionId(value));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Optional<TenantId> tenantId(String value) {
        try {
            return Optional.of(new TenantId(value));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    private static Optional<RunId> runId(String value) {
        try {
            return Optional.of(RunId.parse(value));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
