package com.aitesting.api.ws;

import com.aitesting.api.web.WellFormedUtf8;
import com.aitesting.aws.live.LiveMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
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
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What RFC 6455 and the protocol ask of a client message, checked on the frames before Micronaut joins and
 * decodes them (it would join fragments without a bound, read a binary frame as text and replace invalid
 * UTF-8): a message is text (else 1003), valid UTF-8 (else 1007), at most {@code maxBytes} in one frame or
 * in fragments together (else 1009), and no frame sets a reserved bit that no agreed extension uses (else
 * 1002). A refused message gets its close frame; then nothing more is read or sent, and the connection
 * closes on the client's own close or after {@link #CLOSE_GRACE} (RFC 6455 §7.1.1): closing at once would
 * reset a client still sending, and the reset can discard the close code before the client reads it. One
 * instance per connection (not sharable).
 */
final class ClientMessageRules extends ChannelDuplexHandler {
    static final String NAME = "ait-client-message-rules";

    /** How long a client may take to answer the close with its own before the connection is dropped. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final int maxBytes;
    /** The text message whose fragments are arriving (null between messages and for single frames). */
    private ByteArrayOutputStream fragments;
    private boolean closing;

    ClientMessageRules(int maxBytes) {
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
        if (msg instanceof CloseWebSocketFrame close) {
            // the client closes: answer with a close frame echoing its code (RFC 6455 §5.5.1), so its close is a
            // clean one, then let Micronaut end the session; nothing is sent after the echo
            int code = close.statusCode();
            ctx.writeAndFlush(code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, ""));
            closing = true;
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            // an extension's decoder (permessage-deflate) clears the bit it used before this sees the frame
            Refusal refusal = frame.rsv() != 0
                    ? new Refusal(WebSocketCloseStatus.PROTOCOL_ERROR, "A reserved bit is set that no agreed extension uses.")
                    : frame instanceof BinaryWebSocketFrame
                    ? new Refusal(WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "Commands are JSON in text frames.")
                    : frame instanceof TextWebSocketFrame || frame instanceof ContinuationWebSocketFrame ? check(frame) : null;
            if (refusal != null) {
                refuse(ctx, msg, refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private record Refusal(WebSocketCloseStatus status, String reason) {}

    /** Null when the text or continuation frame may pass; else why its message is refused. */
    private Refusal check(WebSocketFrame frame) {
        ByteBuf content = frame.content();
        boolean first = frame instanceof TextWebSocketFrame;
        if (first && frame.isFinalFragment()) {
            fragments = null;
            return content.readableBytes() > maxBytes ? tooBig() : utf8(content.nioBuffer());
        }
        if (first) {
            fragments = new ByteArrayOutputStream();
        } else if (fragments == null) {
            return null; // a continuation without a start: the frame decoder judges that
        }
        if (fragments.size() + content.readableBytes() > maxBytes) {
            return tooBig();
        }
        fragments.writeBytes(ByteBufUtil.getBytes(content));
        if (!frame.isFinalFragment()) {
            return null; // a character may be split between fragments: the whole message is judged
        }
        Refusal refusal = utf8(ByteBuffer.wrap(fragments.toByteArray()));
        fragments = null;
        return refusal;
    }

    private Refusal tooBig() {
        return new Refusal(WebSocketCloseStatus.MESSAGE_TOO_BIG, LiveMessages.tooBig(maxBytes));
    }

    private static Refusal utf8(ByteBuffer bytes) {
        return WellFormedUtf8.firstMalformed(bytes) < 0 ? null
                : new Refusal(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "A text message must be valid UTF-8.");
    }

    /**
     * Closes {@code channel}'s WebSocket with {@code status} the way a refused message is closed (the close frame,
     * then the grace for the client's close); false when the channel has no rules to close it with.
     */
    static boolean close(Channel channel, WebSocketCloseStatus status, String reason) {
        ChannelHandlerContext ctx = channel == null ? null : channel.pipeline().context(NAME);
        if (ctx == null || !(ctx.handler() instanceof ClientMessageRules rules)) {
            return false;
        }
        rules.refuse(ctx, null, new Refusal(status, reason));
        return true;
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, Refusal refusal) {
        closing = true;
        fragments = null;
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(new CloseWebSocketFrame(refusal.status(), refusal.reason()));
        ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
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
