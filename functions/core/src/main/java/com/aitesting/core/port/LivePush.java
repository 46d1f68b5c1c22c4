package com.aitesting.core.port;

import com.aitesting.core.live.ConnectionId;

/** Writes one message to one WebSocket connection (on AWS: API Gateway's PostToConnection). */
public interface LivePush {
    enum Outcome { SENT, GONE }

    /** {@link Outcome#GONE}: the connection no longer exists (API Gateway's 410); its registry items are stale. */
    Outcome send(ConnectionId connection, String message);

    /** Closes the connection (API Gateway's DeleteConnection); one that is gone already is not an error. */
    void disconnect(ConnectionId connection);
}
