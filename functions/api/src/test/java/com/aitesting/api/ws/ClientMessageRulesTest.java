package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientMessageRulesTest {
    private static final int LIMIT = 16;

    private final EmbeddedChannel channel = new EmbeddedChannel(new ClientMessageRules(LIMIT));

    @Test
    void messagesWithinTheBoundPassWhetherInOneFrameOrFragments() {
        channel.writeInbound(new TextWebSocketFrame("x".repeat(LIMIT)));
        channel.writeInbound(new TextWebSocketFrame(false, 0, "x".repeat(LIMIT / 2)));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "x".repeat(LIMIT / 2)));
        // the count starts again with each message
        channel.writeInbound(new TextWebSocketFrame("x".repeat(LIMIT)));
        assertThat(channel.inboundMessages()).hasSize(4);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void fragmentsPastTheBoundGetA1009AndTheConnectionClosesOnTheClientsClose() {
        channel.writeInbound(new TextWebSocketFrame(false, 0, "x".repeat(LIMIT)));
        channel.writeInbound(new ContinuationWebSocketFrame(false, 0, "x"));
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1009);
        close.release();
        // the first fragment passed (it was within the bound); what follows the refusal is dropped, not read
        assertThat(channel.inboundMessages()).hasSize(1);
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "x"));
        assertThat(channel.inboundMessages()).hasSize(1);
        // still open: closing before the client's close would reset it while it may still be sending
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(new CloseWebSocketFrame(1009, ""));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aClientsCloseIsAnsweredWithItsCodeAndThenPassedOnSoTheSessionEnds() {
        channel.writeInbound(new CloseWebSocketFrame(4000, "bye"));
        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(4000);
        echo.release();
        CloseWebSocketFrame passed = channel.readInbound();
        assertThat(passed.statusCode()).isEqualTo(4000);
        passed.release();
        assertThat(channel.writeAndFlush(new TextWebSocketFrame("late event")).isSuccess()).as("nothing after the echo").isFalse();

        EmbeddedChannel other = new EmbeddedChannel(new ClientMessageRules(LIMIT));
        other.writeInbound(new CloseWebSocketFrame()); // no code: the answer has none either
        CloseWebSocketFrame empty = other.readOutbound();
        assertThat(empty.statusCode()).isEqualTo(-1);
        empty.release();
    }

    @Test
    void nothingIsSentAfterTheCloseFrame() {
        channel.writeInbound(new TextWebSocketFrame("x".repeat(LIMIT + 1)));
        ((CloseWebSocketFrame) channel.readOutbound()).release();
        ChannelFuture event = channel.writeAndFlush(new TextWebSocketFrame("an event"));
        assertThat(event.isSuccess()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void aClientThatNeverAnswersTheCloseIsDroppedAfterTheGrace() {
        channel.freezeTime();
        channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[LIMIT + 1])));
        ((CloseWebSocketFrame) channel.readOutbound()).release();
        channel.advanceTimeBy(ClientMessageRules.CLOSE_GRACE.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFrames")
    void eachRuleHasItsCloseCode(String what, WebSocketFrame frame, int code) {
        channel.writeInbound(frame);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).as(what).isEqualTo(code);
        close.release();
        assertThat(channel.inboundMessages()).as(what).isEmpty();
    }

    static Stream<Arguments> refusedFrames() {
        return Stream.of(
                Arguments.of("binary", new BinaryWebSocketFrame(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)), 1003),
                Arguments.of("invalid UTF-8", new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'{', (byte) 0xc3, '(', '}'})), 1007),
                Arguments.of("overlong '/'", new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc0, (byte) 0xaf})), 1007),
                Arguments.of("encoded surrogate", new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})), 1007),
                Arguments.of("RSV1 without an extension", new TextWebSocketFrame(true, 4, "{}"), 1002));
    }

    @Test
    void aCharacterSplitBetweenFragmentsIsValidAndATruncatedOneIsNot() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {e[0]})));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {e[1]})));
        assertThat(channel.inboundMessages()).hasSize(2);
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'x'})));
        channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {e[0]})));
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1007);
        close.release();
    }
}
