package com.aitesting.api.ws;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a whole client message, one frame or fragments. {@code @OnMessage(maxPayloadLength)} limits each
 * frame only, and Micronaut joins a message's fragments without a bound: a client could send one message of
 * any size as many small frames and fill the heap. Past the bound this sends a 1009 close and drops what
 * still arrives until the client's own close, then closes the connection (RFC 6455 §7.1.1): closing at once
 * would reset a client still sending, and the reset can discard the 1009 before the client reads it. One
 * instance per connection (not sharable).
 */
final class FragmentedMessageLimit extends ChannelDuplexHandler {
    static final String NAME = "ait-message-limit";

    /** How long a client may take to answer the 1009 with its close before the connection is dropped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final int maxBytes;
    private long messageBytes;
    private boolean closing;

    FragmentedMessageLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            if (msg instanceof CloseWebSocketFrame) {
                ctx.close();
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        // text, binary and continuation frames carry a message; ping, pong and close pass as they are
        if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            WebSocketFrame frame = (WebSocketFrame) msg;
            messageBytes = (frame instanceof ContinuationWebSocketFrame ? messageBytes : 0) + frame.content().readableBytes();
            if (messageBytes > maxBytes) {
                closing = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                        "A message may hold at most " + maxBytes + " bytes."));
                ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (frame.isFinalFragment()) {
                messageBytes = 0;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Nothing follows a close frame (RFC 6455 §5.5.1): events still queued for this socket are dropped. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new ClosedChannelException());
            return;
        }
        ctx.write(msg, promise);
    }
}
