package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SharedTextFramesTest {
    private final SharedTextFrames frames = new SharedTextFrames();

    @Test
    void theSameStringIsEncodedOnceAndEverySendReadsAllOfIt() {
        String text = "{\"type\":\"event\",\"seq\":1,\"data\":{\"message\":\"größer\"}}";
        TextWebSocketFrame first = frames.frame(text);
        TextWebSocketFrame second = frames.frame(text);

        assertThat(first.text()).isEqualTo(text);
        first.content().skipBytes(first.content().readableBytes()); // as a socket write consumes it
        assertThat(first.release()).isFalse(); // shared bytes are never freed by a send
        assertThat(second.text()).isEqualTo(text);
        assertThat(frames.frame(text).content().array()).isSameAs(second.content().array()); // encoded once
    }

    @Test
    void anEqualButDistinctStringGetsItsOwnBytes() {
        String a = new String("{\"type\":\"pong\"}");
        String b = new String("{\"type\":\"pong\"}");
        TextWebSocketFrame fromA = frames.frame(a);

        assertThat(frames.frame(b).text()).isEqualTo(b);
        assertThat(frames.frame(a).text()).isEqualTo(a);
        assertThat(fromA.text()).isEqualTo(a);
    }

    /** Sizes on both sides of each length form: 7 bits, 16 bits (from 126), 64 bits (from 65,536). */
    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 300, 65_535, 65_536, 70_000})
    void theWireBytesAreWhatNettysServerEncoderWritesForTheFrame(int size) {
        String text = "é".repeat(size / 2) + "x".repeat(size % 2); // two UTF-8 bytes per é: size bytes in all

        ByteBuf wire = frames.wire(text);

        assertThat(ByteBufUtil.getBytes(wire)).isEqualTo(nettyEncoded(text));
        assertThat(wire.isDirect()).isTrue(); // written to the socket with no copy
        wire.skipBytes(wire.readableBytes()); // as a socket write consumes it
        assertThat(wire.release()).isFalse(); // shared: never freed by a send
        assertThat(ByteBufUtil.getBytes(frames.wire(text))).isEqualTo(nettyEncoded(text)); // the next socket gets all of it
    }

    private static byte[] nettyEncoded(String text) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false)); // false: a server's, unmasked
        channel.writeOutbound(new TextWebSocketFrame(Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8)));
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            all.writeBytes(part);
            part.release();
        }
        channel.finishAndReleaseAll();
        return ByteBufUtil.getBytes(all);
    }
}
