package com.aitesting.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
}
