package com.aitesting.aws.live;

import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.port.LiveConnections;
import com.aitesting.core.port.LivePush;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.port.Transactions;
import com.aitesting.postgres.JsonMappers;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a writer on AWS pushes the run events it commits (infra-cdk LiveProgressApi.allowPushFrom sets
 * both): {@value #LIVE_TABLE}, the connections table, and {@value #LIVE_CALLBACK_URL}, the WebSocket
 * stage's management endpoint ({@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}). Both or
 * neither; neither (the embedded default, whose viewers are told by LISTEN/NOTIFY): nobody is told.
 */
public record LivePushSettings(String table, URI callbackUrl) {
    public static final String LIVE_TABLE = "LIVE_TABLE";
    public static final String LIVE_CALLBACK_URL = "LIVE_CALLBACK_URL";
    /** PostToConnection calls in flight per writer: a commit reaches this many subscribers at once. */
    static final int PARALLEL_PUSHES = 16;

    private static final ExecutorService PARALLEL = Executors.newFixedThreadPool(PARALLEL_PUSHES,
            Thread.ofPlatform().name("live-push-", 0).daemon().factory());

    /** Raw values, either may be null or blank (not set); one without the other is a deployment error. */
    public static Optional<LivePushSettings> of(String table, String callbackUrl) {
        boolean hasTable = table != null && !table.isBlank();
        boolean hasUrl = callbackUrl != null && !callbackUrl.isBlank();
        if (hasTable != hasUrl) {
            throw new IllegalStateException(LIVE_TABLE + " and " + LIVE_CALLBACK_URL + " are set together or not at all");
        }
        if (!hasTable) {
            return Optional.empty();
        }
        URI url;
        try {
            url = URI.create(callbackUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(LIVE_CALLBACK_URL + " must be an absolute http(s) URL, was '" + callbackUrl + "'");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
            throw new IllegalStateException(LIVE_CALLBACK_URL + " must be an absolute http(s) URL, was '" + callbackUrl + "'");
        }
        return Optional.of(new LivePushSettings(table.trim(), url));
    }

    public static Optional<LivePushSettings> fromEnvironment(Map<String, String> env) {
        return of(env.get(LIVE_TABLE), env.get(LIVE_CALLBACK_URL));
    }

    /** What a writer's event store tells after each commit: the pusher when configured, else nobody. */
    public static RunEventsCommitted listener(Optional<LivePushSettings> settings, Transactions transactions, RunEventReads events) {
        return settings.<RunEventsCommitted>map(s -> s.pusher(transactions, events)).orElse(RunEventsCommitted.NOBODY);
    }

    /** The pusher on this deployment's table and stage, with the SDK's default credentials and region. */
    public PushRunEvents pusher(Transactions transactions, RunEventReads events) {
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        return pusher(dynamo, management(), table, transactions, events);
    }

    /** The management API of the configured stage: every process that writes to the sockets uses this endpoint. */
    public ApiGatewayManagementApiClient management() {
        return ApiGatewayManagementApiClient.builder().endpointOverride(callbackUrl).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A writer's pusher on these clients (tests pass clients on loopback endpoints). */
    public static PushRunEvents pusher(DynamoDbClient dynamo, ApiGatewayManagementApiClient management, String table,
                                       Transactions transactions, RunEventReads events) {
        return pusher(new DynamoDbLiveConnections(dynamo, table), new ManagementApiPush(management),
                new LiveMessages(JsonMappers.shared()), transactions, events);
    }

    /** The one assembly of a pusher (the writers' and the routes function's), on this process's pool of parallel pushes. */
    public static PushRunEvents pusher(LiveConnections connections, LivePush push, LiveMessages messages,
                                       Transactions transactions, RunEventReads events) {
        return new PushRunEvents(transactions, events, connections, push, messages, PARALLEL, Clock.systemUTC());
    }
}
