package com.aitesting.api.ws.lambda;

import com.aitesting.aws.live.LiveMessages;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.error.StoreUnavailableException;
import com.aitesting.core.live.ConnectionId;
import com.aitesting.core.live.LiveSubscriber;
import com.aitesting.core.live.PushRunEvents;
import com.aitesting.core.port.LiveConnections;
import com.aitesting.core.port.LivePush;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunHead;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.stream.ResumePoint;
import com.aitesting.core.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's routes on AWS ($connect, $disconnect, and the client's actions), with the same
 * messages, limits and answers as the embedded server's {@code LiveConnection}; the sockets are API
 * Gateway's, the registry DynamoDB's, and messages go out through the management API.
 */
public final class LiveRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    /** API Gateway closes a WebSocket connection after 2 h; the registry's items expire then. */
    public static final Duration CONNECTION_LIFE = Duration.ofHours(2);

    private final LiveConnections connections;
    private final LivePush push;
    private final PushRunEvents pusher;
    private final LiveMessages messages;
    private final Transactions transactions;
    private final RunEventReads runs;
    private final Clock clock;

    public LiveRoutes(LiveConnections connections, LivePush push, PushRunEvents pusher, LiveMessages messages,
                      Transactions transactions, RunEventReads runs, Clock clock) {
        this.connections = connections;
        this.push = push;
        this.pusher = pusher;
        this.messages = messages;
        this.transactions = transactions;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * $connect, after the authorizer admitted it: who the connection acts for, and until when: API Gateway's
     * 2 h, or sooner when the credential it was opened with expires then (DynamoDB's TTL deletes lazily, so
     * pushes, subscribes and pings check that end themselves).
     */
    public void connect(ConnectionId connection, TenantId tenant, Optional<RunId> onlyRun, Optional<Instant> credentialExpiresAt) {
        Instant end = CredentialExpiry.endOfLife(clock.instant().plus(CONNECTION_LIFE), credentialExpiresAt);
        connections.connect(connection, tenant, onlyRun, end, credentialExpiresAt);
    }

    public void disconnect(ConnectionId connection) {
        connections.remove(connection);
    }

    /** A client frame (any route key but $connect and $disconnect). */
    public void message(ConnectionId connection, String body) {
        // API Gateway takes messages up to 128 KB and cannot close with 1009 from here: the bound the embedded
        // server enforces on frames is an error message on this connection, which goes on
        if (body != null && body.getBytes(StandardCharsets.UTF_8).length > LiveMessages.MAX_CLIENT_MESSAGE_BYTES) {
            push.send(connection, messages.error(413, LiveMessages.tooBig(LiveMessages.MAX_CLIENT_MESSAGE_BYTES), null));
            return;
        }
        LiveMessages.Command command;
        try {
            command = messages.parse(body == null ? "" : body);
        } catch (LiveMessages.BadMessage bad) {
            push.send(connection, messages.error(400, bad.title(), bad.runId()));
            return;
        }
        switch (command) {
            case LiveMessages.Command.Ping ping -> {
                if (!closedAsExpired(connection, connections.access(connection))) {
                    push.send(connection, messages.pong());
                }
            }
            case LiveMessages.Command.Unsubscribe u -> {
                try {
                    connections.unsubscribe(connection, RunId.parse(u.runId()));
                } catch (NotFoundException malformed) {
                    // nothing by that id is subscribed: nothing to do, as on the embedded server
                } catch (StoreUnavailableException e) {
                    // sending it again is safe: each step of an unsubscribe finds what the failed one left
                    LOG.warn("Run {}: a WebSocket unsubscribe failed: {}", u.runId(), e.getMessage());
                    push.send(connection, messages.error(503, LiveMessages.UNSUBSCRIBE_UNAVAILABLE, u.runId()));
                }
            }
            case LiveMessages.Command.Subscribe s -> subscribe(connection, s.runId(), s.after());
        }
    }

    /**
     * Admits and registers the subscription, then sends its backlog. A failure of the database or the
     * registry is a 503 for this run only, as on the embedded server: the subscription is ended (the
     * client subscribes again with {@code after}) and the connection's others go on.
     */
    private void subscribe(ConnectionId connection, String runId, long after) {
        Optional<LiveSubscriber> subscriber;
        try {
            subscriber = register(connection, runId, after);
        } catch (RuntimeException e) {
            unavailable(connection, runId, e);
            return;
        }
        if (subscriber.isEmpty()) {
            return; // answered
        }
        try {
            pusher.catchUp(subscriber.get());
        } catch (RuntimeException e) {
            try {
                connections.unsubscribe(connection, subscriber.get().run());
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed); // its items expire with the connection; a push to it finds nothing new
            }
            unavailable(connection, runId, e);
        }
    }

    /** The subscription as registered, or empty when the client has been answered (end, 400, 404, 409, 429). */
    private Optional<LiveSubscriber> register(ConnectionId connection, String runId, long after) {
        Optional<LiveSubscriber.Access> access = connections.access(connection);
        if (access.isEmpty()) {
            push.send(connection, messages.error(404, "Unknown connection; reconnect.", runId));
            return Optional.empty();
        }
        if (closedAsExpired(connection, access)) {
            return Optional.empty();
        }
        TenantId tenant = access.get().tenant();
        RunId run;
        try {
            run = RunId.parse(runId);
            RunHead head = Optional.of(run).filter(r -> access.get().onlyRun().map(r::equals).orElse(true))
                    .flatMap(r -> transactions.inTenant(tenant, () -> runs.head(r))) // RLS decides
                    .orElseThrow(() -> new NotFoundException("run", run));
            if (ResumePoint.after(after).hasAll(head)) {
                push.send(connection, messages.end(run)); // nothing more will come: nothing to register
                return Optional.empty();
            }
        } catch (NotFoundException e) {
            push.send(connection, messages.error(404, LiveMessages.NOT_FOUND, runId));
            return Optional.empty();
        } catch (InvalidInputException pastTheHead) {
            push.send(connection, messages.error(400, pastTheHead.getMessage(), runId));
            return Optional.empty();
        }
        switch (connections.subscribe(connection, tenant, run, after, access.get().expiresAt(), LiveMessages.MAX_SUBSCRIPTIONS)) {
            case YES -> {
                return Optional.of(new LiveSubscriber(connection, tenant, run, after, access.get().expiresAt()));
            }
            case ALREADY -> push.send(connection, messages.error(409, LiveMessages.ALREADY_SUBSCRIBED, runId));
            case FULL -> push.send(connection, messages.error(429, LiveMessages.tooMany(), runId));
        }
        return Optional.empty();
    }

    /** A connection past its end of life is answered as the pusher would: the 401, then it is closed and deleted. */
    private boolean closedAsExpired(ConnectionId connection, Optional<LiveSubscriber.Access> access) {
        if (access.isEmpty() || !access.get().expired(clock.instant())) {
            return false;
        }
        pusher.disconnectExpired(connection);
        return true;
    }

    private void unavailable(ConnectionId connection, String runId, RuntimeException failure) {
        // a store's own reason (an error name) or the class name only: an SDK's message may quote a statement
        LOG.warn("Run {}: a WebSocket subscription failed: {}", runId,
                failure instanceof StoreUnavailableException ? failure.getMessage() : failure.getClass().getSimpleName());
        push.send(connection, messages.error(503, LiveMessages.UNAVAILABLE, runId));
    }
}
