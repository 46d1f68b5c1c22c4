package com.aitesting.core.port;

import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who is connected to the WebSocket API and which runs each connection follows (on AWS: a DynamoDB table,
 * since API Gateway holds the sockets and every Lambda invocation is stateless). Every item expires on its
 * own at {@code expiresAt}, the connection's end of life (API Gateway ends a connection after 2 h; its
 * credential may expire sooner), so a lost $disconnect leaves nothing behind for long. Reads return an
 * item that has expired but is still stored (the store deletes lazily) with its {@code expiresAt}: the
 * caller closes that connection ({@link com.aitesting.core.live.PushRunEvents#disconnectExpired}).
 */
public interface LiveConnections {
    /**
     * $connect: the connection acts for {@code tenant}; with a stream token, for {@code onlyRun} only; until
     * {@code expiresAt}, which is no later than {@code credentialExpiresAt} (kept on the connection's record).
     */
    void connect(ConnectionId connection, TenantId tenant, Optional<RunId> onlyRun, Instant expiresAt, Optional<Instant> credentialExpiresAt);

    /** The connection's tenant, scope and end of life, if it is registered (expired or not: {@link LiveSubscriber.Access#expired}). */
    Optional<LiveSubscriber.Access> access(ConnectionId connection);

    /**
     * Follow {@code run} from {@code cursor} (the last seq the client has) until {@code expiresAt}, the
     * connection's own end of life ({@link LiveSubscriber.Access#expiresAt}), if the connection follows fewer
     * than {@code limit} runs. The bound holds however many subscribes race: the check and the count are one
     * atomic step.
     */
    Subscribed subscribe(ConnectionId connection, TenantId tenant, RunId run, long cursor, Instant expiresAt, int limit);

    /** A subscribe's outcome. */
    enum Subscribed {
        YES,
        /** the connection already follows the run */
        ALREADY,
        /** the connection follows {@code limit} runs */
        FULL
    }

    /** Stop following {@code run}, which frees its slot; nothing when it is not followed. */
    void unsubscribe(ConnectionId connection, RunId run);

    /** The subscriptions of {@code run} with their cursors and ends of life, expired ones included (the index by run). */
    List<LiveSubscriber> subscribers(RunId run);

    /**
     * Moves a subscription's cursor from {@code from} to {@code to} only if it is still at {@code from}: the
     * caller that wins sends events {@code from+1..to}, so two pushers never send the same event twice.
     */
    boolean advance(ConnectionId connection, RunId run, long from, long to);

    /** $disconnect, or a push that found the connection gone: every item of THAT connection. */
    void remove(ConnectionId connection);
}
