package com.aitesting.api.ws.lambda;

import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.dataapi.DataApiRunEventReads;
import com.aitesting.aws.dataapi.DataApiTransactions;
import com.aitesting.aws.live.DynamoDbLiveConnections;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.aws.live.ManagementApiPush;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.JsonMappers;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * Every route of the WebSocket API ($connect, $disconnect, subscribe, unsubscribe, ping, $default): thin,
 * it reads the route key, the connection id and the body, and calls {@link LiveRoutes}. Messages go back
 * through the stage's management endpoint ({@code https://{domain}/{stage}} of the event).
 */
public final class LiveRoutesHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final String TENANT = "tenant";
    static final String ONLY_RUN = "only_run";

    private final DynamoDbLiveConnections connections;
    private final DataApiTransactions transactions;
    private final DataApiRunEventReads reads;
    private final Function<String, ApiGatewayManagementApiClient> management;
    private final LiveMessages messages = new LiveMessages(JsonMappers.shared());
    private final Map<String, LiveRoutes> byEndpoint = new ConcurrentHashMap<>();

    /** Used by the Lambda runtime. */
    public LiveRoutesHandler() {
        this(LiveEnvironment.from(System.getenv()));
    }

    private LiveRoutesHandler(LiveEnvironment env) {
        this(env.connections(), env.transactions(), endpoint -> ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(endpoint)).httpClient(UrlConnectionHttpClient.create()).build());
    }

    /**
     * On the given registry and Data API; {@code management} makes the management client of a stage's
     * callback URL ({@code https://{domainName}/{stage}} of the event). Tests pass parts on loopback.
     */
    public LiveRoutesHandler(DynamoDbLiveConnections connections, DataApiTransactions transactions,
                             Function<String, ApiGatewayManagementApiClient> management) {
        this.connections = connections;
        this.transactions = transactions;
        this.reads = new DataApiRunEventReads(transactions);
        this.management = management;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<?, ?> request = (Map<?, ?>) event.get("requestContext");
        String routeKey = String.valueOf(request.get("routeKey"));
        ConnectionId connection = new ConnectionId(String.valueOf(request.get("connectionId")));
        LiveRoutes routes = routes("https://" + request.get("domainName") + "/" + request.get("stage"));
        switch (routeKey) {
            case "$connect" -> {
                Map<?, ?> authorizer = (Map<?, ?>) request.get("authorizer");
                routes.connect(connection, new TenantId(String.valueOf(authorizer.get(TENANT))),
                        Optional.ofNullable(authorizer.get(ONLY_RUN)).map(String::valueOf).map(RunId::parse));
            }
            case "$disconnect" -> routes.disconnect(connection);
            default -> routes.message(connection, event.get("body") instanceof String body ? body : null);
        }
        return Map.of("statusCode", 200);
    }

    private LiveRoutes routes(String endpoint) {
        return byEndpoint.computeIfAbsent(endpoint, e -> {
            ManagementApiPush push = new ManagementApiPush(management.apply(e));
            PushRunEvents pusher = LivePushSettings.pusher(connections, push, messages, transactions, reads);
            return new LiveRoutes(connections, push, pusher, messages, transactions, reads, Clock.systemUTC());
        });
    }
}
