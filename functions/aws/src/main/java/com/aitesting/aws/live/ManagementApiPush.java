package com.aitesting.aws.live;

import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.port.LivePush;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * {@link LivePush} through API Gateway's management API (PostToConnection on the stage's
 * {@code https://{api}.execute-api.{region}.amazonaws.com/{stage}}) and DeleteConnection; locally the embedded server answers
 * the same API for its own connections. A 410 {@code GoneException} is {@link Outcome#GONE}; anything else
 * (throttling, 5xx after the SDK's retries) propagates, and the caller's next push retries from the
 * subscriber's cursor.
 */
public final class ManagementApiPush implements LivePush {
    private final ApiGatewayManagementApiClient client;

    public ManagementApiPush(ApiGatewayManagementApiClient client) {
        this.client = client;
    }

    @Override
    public Outcome send(ConnectionId connection, String message) {
        try {
            client.postToConnection(b -> b.connectionId(connection.value()).data(SdkBytes.fromUtf8String(message)));
            return Outcome.SENT;
        } catch (GoneException gone) {
            return Outcome.GONE;
        }
    }

    @Override
    public void disconnect(ConnectionId connection) {
        try {
            client.deleteConnection(b -> b.connectionId(connection.value()));
        } catch (GoneException gone) {
            // closed already (by the client, or API Gateway's 2 h): what was asked for
        }
    }
}
