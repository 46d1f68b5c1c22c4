package com.aitesting.api.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bytes of recent text frames, encoded once for all the sockets that send the very same String: an
 * event's message is one String object for all of its run's subscribers ({@link LiveMessages#event}), so
 * a fan-out to 1,000 sockets encodes it once instead of 1,000 times (measured by {@code ./dev bench
 * wsFanout}). Only the payload is shared; each send gets its own frame and the WebSocket encoder still
 * frames it per socket. The cached buffers are heap memory that is never released explicitly (the
 * garbage collector takes them with the entry), so any number of sends may read them at once.
 */
final class SharedTextFrames {
    private static final int SLOTS = 256; // a power of two

    private record Entry(String text, ByteBuf bytes) {}

    private final AtomicReferenceArray<Entry> recent = new AtomicReferenceArray<>(SLOTS);

    /** A frame carrying {@code text}: the bytes of the previous call with the same String object, or new ones. */
    TextWebSocketFrame frame(String text) {
        int slot = System.identityHashCode(text) & (SLOTS - 1);
        Entry hit = recent.get(slot);
        if (hit == null || hit.text() != text) {
            hit = new Entry(text, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
            recent.set(slot, hit);
        }
        return new TextWebSocketFrame(hit.bytes().duplicate()); // own reader index; releasing it is a no-op
    }
}
