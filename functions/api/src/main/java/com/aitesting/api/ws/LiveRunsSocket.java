package com.aitesting.api.ws;

import com.aitesting.api.auth.UnauthorizedException;
import com.aitesting.api.stream.StreamAccess;
import com.aitesting.api.stream.StreamFactory;
import com.aitesting.api.stream.StreamTokenCredential;
import com.aitesting.api.stream.StreamTokenVerifier;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.stream.StreamRunEvents;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import jakarta.inject.Named;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ws://host/v2/ws}: live progress of several runs over one WebSocket (docs/websocket.md). Thin:
 * authenticates the upgrade, then hands each text frame to the connection's {@link LiveConnection}.
 *
 * <p>Credentials: those of every /v2 call (the auth filter has checked them before the upgrade), or
 * {@code ?stream_token=} from POST /v2/runs/{run_id}/stream-token (browsers cannot set headers on a
 * WebSocket), which opens that one run only. An expired, tampered or malformed token, or one this
 * deployment's tenant did not get, closes the connection at once with 1008 (policy violation). A
 * credential that expires (a stream token, a JWT's {@code exp}; the dev headers never do) ends the
 * connection then: an error 401, then 1008, by one task on the socket's own event loop.
 */
@ServerWebSocket("/v2/ws")
public final class LiveRunsSocket {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRunsSocket.class);
    /**
     * Netty's frame decoder refuses a longer frame by closing at once, and the reset of the client's unread
     * bytes can reach it before the 1009 does. Below this, {@link ClientMessageRules} enforces the protocol's
     * bound and closes the handshake properly.
     */
    private static final int DECODER_FRAME_BYTES = 16 * LiveMessages.MAX_CLIENT_MESSAGE_BYTES;

    private final StreamRunEvents streams;
    private final StreamTokenVerifier tokenVerifier;
    private final LiveMessages messages;
    private final LiveSessions sessions;
    private final ExecutorService readers;
    private final ScheduledExecutorService timer;
    private final SharedTextFrames frames = new SharedTextFrames();

    public LiveRunsSocket(StreamRunEvents streams, StreamTokenVerifier tokenVerifier, LiveMessages messages, LiveSessions sessions,
                          @Named(StreamFactory.READERS) ExecutorService readers,
                          @Named(StreamFactory.TIMER) ScheduledExecutorService timer) {
        this.streams = streams;
        this.tokenVerifier = tokenVerifier;
        this.messages = messages;
        this.sessions = sessions;
        this.readers = readers;
        this.timer = timer;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        Channel channel = request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().channel() : null;
        limitMessages(channel);
        StreamAccess access;
        try {
            access = tokenVerifier.access(request, request.getParameters().get(StreamTokenCredential.PARAMETER), null);
        } catch (UnauthorizedException e) {
            // with the grace a refused message gets: closing TCP at once could reset a client that sends at open,
            // and the reset can discard the 1008 that tells it to fetch a new token
            if (!ClientMessageRules.close(channel, WebSocketCloseStatus.POLICY_VIOLATION, e.getMessage())) {
                session.close(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), e.getMessage()));
            }
            return;
        }
        Channel plain = plainChannel(channel);
        LiveConnection connection = new LiveConnection(access, streams, messages, readers,
                plain != null ? frame -> send(plain, frames.wire(frame)) : frame -> send(session, frames.frame(frame)));
        String id = LiveSessions.newId();
        String sourceIp = request.getRemoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
        String userAgent = Optional.ofNullable(request.getHeaders().get(HttpHeaders.USER_AGENT)).orElse("");
        LiveSessions.Entry entry = new LiveSessions.Entry(id, session, connection, Instant.now(), sourceIp, userAgent);
        sessions.add(session.getId(), entry);
        CredentialExpiry.remaining(access.expiresAt(), Clock.systemUTC()).ifPresent(left ->
                connection.expiresWith(schedule(channel, () -> expire(session, channel, connection), left)));
    }

    /**
     * On the socket's event loop (where its writes and close run, so the 401 precedes the close frame and
     * nothing follows it): one scheduled task per connection, no thread; the shared stream timer only for a
     * session without a Netty channel.
     */
    private ScheduledFuture<?> schedule(Channel channel, Runnable task, Duration delay) {
        return channel != null ? channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS)
                : timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The credential expired: the client is told (error 401), then the connection closes with 1008. */
    private static void expire(WebSocketSession session, Channel channel, LiveConnection connection) {
        if (!session.isOpen()) {
            return;
        }
        connection.expire();
        if (!ClientMessageRules.close(channel, WebSocketCloseStatus.POLICY_VIOLATION, LiveMessages.CREDENTIAL_EXPIRED)) {
            session.close(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), LiveMessages.CREDENTIAL_EXPIRED));
        }
    }

    /**
     * Bounds whole messages as well as frames: after the frame decoder (and any extension's), just before
     * Micronaut's inbound handler, whose WebSocket handler joins fragments.
     */
    private static void limitMessages(Channel channel) {
        if (channel == null) {
            return;
        }
        var pipeline = channel.pipeline();
        if (pipeline.get(ClientMessageRules.NAME) == null && pipeline.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null) {
            pipeline.addBefore(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND, ClientMessageRules.NAME,
                    new ClientMessageRules(LiveMessages.MAX_CLIENT_MESSAGE_BYTES));
        }
    }

    /**
     * The socket's Netty channel when no WebSocket extension was negotiated on it (extensions are agreed
     * in the handshake, before this): its frames are then the shared wire bytes as they are. Else null: an
     * extension's encoder (permessage-deflate) must see each frame, so it goes through the session.
     */
    private static Channel plainChannel(Channel channel) {
        if (channel == null) {
            return null;
        }
        for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
            if (handler.getValue() instanceof WebSocketExtensionEncoder || handler.getValue() instanceof WebSocketExtensionDecoder) {
                return null;
            }
        }
        return channel;
    }

    /** Written in call order like {@link WebSocketSession#sendAsync}; a closed socket fails the future, not the caller. */
    private static CompletionStage<?> send(Channel channel, ByteBuf frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        channel.writeAndFlush(frame).addListener(f -> {
            if (f.isSuccess()) {
                written.complete(null);
            } else {
                written.completeExceptionally(f.cause());
            }
        });
        return written;
    }

    /** A send on a socket that closed meanwhile fails its future rather than the caller's thread. */
    private static CompletionStage<?> send(WebSocketSession session, TextWebSocketFrame frame) {
        try {
            return session.sendAsync(frame);
        } catch (RuntimeException closed) {
            return CompletableFuture.failedFuture(closed);
        }
    }

    @OnMessage(maxPayloadLength = DECODER_FRAME_BYTES)
    public void onMessage(String message, WebSocketSession session) {
        sessions.ofSession(session.getId()).ifPresent(e -> {
            sessions.touch(e.id());
            e.connection().onText(message);
        });
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        sessions.removeSession(session.getId()).ifPresent(e -> e.connection().close());
    }

    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        // a frame over the limit, a protocol violation: Netty closes the socket with its code (1009, 1002)
        LOG.debug("WebSocket {} failed: {}", session.getId(), error.toString());
    }
}
