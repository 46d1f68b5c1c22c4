package com.aitesting.api.ws;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Bounds a whole client message, fragments included. {@code @OnMessage(maxPayloadLength)} limits each frame
 * only, and Micronaut joins a message's fragments without a bound: a client could send one message of any
 * size as many small frames and fill the heap. Past the bound the socket closes with 1009, as for one frame
 * over the limit, and the frames still arriving are dropped. One instance per connection (not sharable).
 */
final class FragmentedMessageLimit extends ChannelInboundHandlerAdapter {
    static final String NAME = "ait-message-limit";

    private final int maxBytes;
    private long messageBytes;
    private boolean closing;

    FragmentedMessageLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
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
                        "A message may hold at most " + maxBytes + " bytes.")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (frame.isFinalFragment()) {
                messageBytes = 0;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
