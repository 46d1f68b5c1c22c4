package com.aitesting.api.ws;

import com.aitesting.api.stream.StreamTestApp;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.tenant.Actor;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * WebSocket connections to the embedded server that tests push to through its {@code /@connections}
 * (API Gateway's management API): a client and the id the server gave its connection.
 */
final class LocalConnections {
    private LocalConnections() {}

    record Open(WsClient ws, ConnectionId id) {}

    /** Connects as {@code actor}; the id is found by the user agent {@code name} the client sent. */
    static Open open(StreamTestApp app, Actor actor, String name) throws InterruptedException {
        Map<String, String> headers = new HashMap<>(StreamTestApp.headers(actor));
        headers.put("User-Agent", name);
        WsClient ws = WsClient.connect(URI.create("ws://127.0.0.1:" + app.server.getPort() + "/v2/ws"), headers);
        LiveSessions sessions = app.server.getApplicationContext().getBean(LiveSessions.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) { // the server registers the socket right after the handshake
            Optional<LiveSessions.Entry> entry = sessions.entries().stream().filter(e -> e.userAgent().equals(name)).findFirst();
            if (entry.isPresent()) {
                return new Open(ws, new ConnectionId(entry.get().id()));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no open connection with user agent " + name + " among " + sessions.entries());
    }

    /** The SDK's management client on the embedded server, as a function on AWS has it on the stage's callback URL. */
    static ApiGatewayManagementApiClient management(StreamTestApp app) {
        return ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + app.server.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
