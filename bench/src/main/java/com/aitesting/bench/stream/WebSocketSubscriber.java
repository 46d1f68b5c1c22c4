package com.aitesting.bench.stream;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket subscriber of a {@link FanoutRound} (RFC 6455 client, no extensions): the upgrade request
 * with a random {@code Sec-WebSocket-Key}, a 101 whose {@code Sec-WebSocket-Accept} must match it, then
 * the {@code subscribe} text message (masked, as every client frame), then frames: unmasked, text
 * messages strictly UTF-8 (fragments joined), pings answered with pongs. An event message counts when
 * the read that completed its last frame returned.
 */
final class WebSocketSubscriber extends LoopbackClients.Protocol {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int TEXT = 1, CONTINUATION = 0, CLOSE = 8, PING = 9, PONG = 10;

    private final FanoutRound round;
    private final int index;
    private final int port;
    private final String subscribe;
    private final Runnable handshakeDone;
    private final String key;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean upgraded;
    private ByteBuffer fragments; // a text message split over frames (never, for these small ones)

    /** {@code handshakeDone} runs once, when the upgrade succeeded or failed. */
    WebSocketSubscriber(FanoutRound round, int index, int port, String subscribe, Runnable handshakeDone) {
        this.round = round;
        this.index = index;
        this.port = port;
        this.subscribe = subscribe;
        this.handshakeDone = handshakeDone;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    byte[] request() {
        return HttpHead.get("/v2/ws", port, "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
                "Sec-WebSocket-Version: 13");
    }

    @Override
    void received(ByteBuffer in, long now) throws IOException {
        if (!upgraded) {
            HttpHead head = HttpHead.parse(in);
            if (head == null) {
                return;
            }
            upgraded = true;
            handshakeDone.run();
            if (head.status() != 101 || !head.headerHas("upgrade", "websocket") || !head.headerHas("connection", "upgrade")) {
                throw new ProtocolException("handshake: HTTP " + head.status() + " " + head.headers());
            }
            if (!head.header("sec-websocket-accept").equals(accept(key))) {
                throw new ProtocolException("handshake: Sec-WebSocket-Accept " + head.header("sec-websocket-accept") + " does not match the key");
            }
            if (!head.header("sec-websocket-extensions").isEmpty()) {
                throw new ProtocolException("handshake: extensions not asked for: " + head.header("sec-websocket-extensions"));
            }
            send(frame(TEXT, subscribe.getBytes(StandardCharsets.UTF_8)));
        }
        while (frame(in, now)) {
            // one complete frame consumed
        }
    }

    /** Consumes one complete frame at the start of {@code in}; false (nothing consumed) if it is not all there. */
    private boolean frame(ByteBuffer in, long now) throws IOException {
        int at = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int b0 = in.get(at) & 0xff, b1 = in.get(at + 1) & 0xff;
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) {
            throw new ProtocolException("reserved bits set without an extension");
        }
        if ((b1 & 0x80) != 0) {
            throw new ProtocolException("a masked frame from the server");
        }
        long length = b1 & 0x7f;
        int header = 2;
        if (length == 126) {
            if (in.remaining() < 4) {
                return false;
            }
            length = in.getShort(at + 2) & 0xffff;
            header = 4;
        } else if (length == 127) {
            if (in.remaining() < 10) {
                return false;
            }
            length = in.getLong(at + 2);
            header = 10;
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                throw new ProtocolException("frame length " + length);
            }
        }
        if (in.remaining() < header + length) {
            return false;
        }
        ByteBuffer payload = in.slice(at + header, (int) length);
        in.position(at + header + (int) length);
        switch (opcode) {
            case TEXT, CONTINUATION -> {
                if ((opcode == TEXT) == (fragments != null)) {
                    throw new ProtocolException(opcode == TEXT ? "a new message inside a fragmented one" : "a continuation without a message");
                }
                if (!fin) {
                    fragments = append(fragments == null ? ByteBuffer.allocate(256) : fragments, payload);
                } else if (fragments != null) {
                    ByteBuffer whole = append(fragments, payload).flip();
                    fragments = null;
                    message(text(whole), now);
                } else {
                    message(text(payload), now);
                }
            }
            case PING -> {
                control(fin, length);
                byte[] body = new byte[(int) length];
                payload.get(body);
                send(frame(PONG, body));
            }
            case PONG -> control(fin, length);
            case CLOSE -> {
                control(fin, length);
                int status = length >= 2 ? payload.getShort() & 0xffff : 1005;
                String reason = text(payload);
                close();
                round.failed(index, "closed by the server: " + status + " " + reason);
                return false; // nothing is read after a close
            }
            default -> throw new ProtocolException("opcode " + opcode);
        }
        return true;
    }

    private static void control(boolean fin, long length) throws ProtocolException {
        if (!fin || length > 125) {
            throw new ProtocolException("a fragmented or long control frame");
        }
    }

    private String text(ByteBuffer bytes) throws CharacterCodingException {
        return utf8.reset().decode(bytes).toString();
    }

    private void message(String message, long now) throws ProtocolException {
        if (message.startsWith("{\"type\":\"event\"")) {
            int at = message.indexOf("\"seq\":") + 6;
            int end = at;
            while (end < message.length() && Character.isDigit(message.charAt(end))) {
                end++;
            }
            if (at < 6 || end == at) {
                throw new ProtocolException("an event without a seq: " + message);
            }
            round.received(index, Long.parseLong(message, at, end, 10), now);
        } else if (message.startsWith("{\"type\":\"end\"")) {
            round.ended(index);
        } else {
            round.failed(index, "unexpected message " + message);
        }
    }

    @Override
    void endOfStream() {
        round.failed(index, upgraded ? "the server closed the connection" : "the server closed the connection during the handshake");
        if (!upgraded) {
            upgraded = true;
            handshakeDone.run();
        }
    }

    @Override
    void failed(String why) {
        round.failed(index, why);
        if (!upgraded) {
            upgraded = true;
            handshakeDone.run();
        }
    }

    /** A client frame: FIN, {@code opcode}, masked with a fresh random key. */
    private static byte[] frame(int opcode, byte[] payload) {
        int header = payload.length < 126 ? 2 : payload.length <= 0xffff ? 4 : 10;
        ByteBuffer f = ByteBuffer.allocate(header + 4 + payload.length);
        f.put((byte) (0x80 | opcode));
        if (header == 2) {
            f.put((byte) (0x80 | payload.length));
        } else if (header == 4) {
            f.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            f.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < payload.length; i++) {
            f.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return f.array();
    }

    private static ByteBuffer append(ByteBuffer to, ByteBuffer more) {
        if (to.remaining() < more.remaining()) {
            to = ByteBuffer.allocate(Math.max(to.capacity() * 2, to.position() + more.remaining())).put(to.flip());
        }
        return to.put(more);
    }

    static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-1
        }
    }
}
