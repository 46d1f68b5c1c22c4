package com.aitesting.api.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bytes of recent text frames, encoded once for all the sockets that send the very same String: an
 * event's message is one String object for all of its run's subscribers ({@link LiveMessages#event}), so
 * a fan-out to 1,000 sockets encodes it once instead of 1,000 times (measured by {@code ./dev bench
 * wsFanout}). Two forms: the payload, for a socket whose WebSocket encoder must still frame it (an
 * extension such as permessage-deflate was negotiated), and the whole frame on the wire, for a socket
 * without extensions: a server's frame is never masked, so it is the same bytes for every such socket and
 * goes to the socket as it is, with no encoding, buffer or copy per socket. The cached buffers are never
 * released explicitly (the garbage collector takes them with the entry, the wire bytes' direct memory
 * with its ByteBuffer), so any number of sends may read them at once.
 */
final class SharedTextFrames {
    private static final int SLOTS = 256; // a power of two
    private static final int FIN_TEXT = 0x81; // FIN, no RSV bits, opcode 1 (RFC 6455 section 5.2)

    private record Entry(String text, ByteBuf payload, ByteBuf wire) {}

    private final AtomicReferenceArray<Entry> recent = new AtomicReferenceArray<>(SLOTS);

    /** A frame carrying {@code text}: the bytes of the previous call with the same String object, or new ones. */
    TextWebSocketFrame frame(String text) {
        return new TextWebSocketFrame(entry(text).payload().duplicate()); // own reader index; releasing it is a no-op
    }

    /** The whole unmasked text frame carrying {@code text} (FIN, no extension), as a socket without extensions gets it. */
    ByteBuf wire(String text) {
        return entry(text).wire().duplicate();
    }

    private Entry entry(String text) {
        int slot = System.identityHashCode(text) & (SLOTS - 1);
        Entry hit = recent.get(slot);
        if (hit == null || hit.text() != text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            hit = new Entry(text, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(payload)), Unpooled.unreleasableBuffer(wireFrame(payload)));
            recent.set(slot, hit);
        }
        return hit;
    }

    private static ByteBuf wireFrame(byte[] payload) {
        int n = payload.length;
        ByteBuffer frame = ByteBuffer.allocateDirect((n < 126 ? 2 : n <= 0xffff ? 4 : 10) + n); // direct: written with no copy
        frame.put((byte) FIN_TEXT);
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xffff) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        return Unpooled.wrappedBuffer(frame.put(payload).flip());
    }
}
