package com.aitesting.bench.stream;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One SSE subscriber of a {@link FanoutRound}: {@code GET /v2/runs/{id}/events} with
 * {@code Accept: text/event-stream}, a 200 of that type, then the body (chunked transfer-encoding
 * undone if the server uses it, else read to the connection's end) parsed as an event stream the way
 * EventSource does: lines ended by CRLF, LF or CR, decoded strictly as UTF-8, fields {@code name: value},
 * an event dispatched at its blank line. An event with an {@code id} and data counts as received at the
 * read that brought its blank line; the stream ends at the body's end.
 */
final class SseSubscriber extends LoopbackClients.Protocol {
    private enum Body { HEAD, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, TO_CLOSE, DONE }

    private final FanoutRound round;
    private final int index;
    private final int port;
    private final String path;
    private final Runnable headDone;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private Body state = Body.HEAD;
    private long chunkLeft;
    private final StringBuilder chunkLine = new StringBuilder();
    private ByteBuffer line = ByteBuffer.allocate(512); // the event-stream line being read
    private boolean afterCr; // the last line ended with CR: an LF right after belongs to it
    private String eventId; // the event being read: its id field, whether it has data
    private boolean eventData;

    /** {@code headDone} runs once, when the response head arrived or the connection failed before it. */
    SseSubscriber(FanoutRound round, int index, int port, String path, Runnable headDone) {
        this.round = round;
        this.index = index;
        this.port = port;
        this.path = path;
        this.headDone = headDone;
    }

    @Override
    byte[] request() {
        return HttpHead.get(path, port, "Accept: text/event-stream");
    }

    @Override
    void received(ByteBuffer in, long now) throws IOException {
        if (state == Body.HEAD) {
            HttpHead head = HttpHead.parse(in);
            if (head == null) {
                return;
            }
            state = Body.TO_CLOSE;
            headDone.run();
            if (head.status() != 200) {
                throw new ProtocolException("HTTP " + head.status());
            }
            if (!head.header("content-type").startsWith("text/event-stream")) {
                throw new ProtocolException("Content-Type " + head.header("content-type"));
            }
            if (head.headerHas("transfer-encoding", "chunked")) {
                state = Body.CHUNK_SIZE;
            } else if (!head.header("content-length").isEmpty() || !head.header("transfer-encoding").isEmpty()) {
                throw new ProtocolException("a stream with " + head.headers()); // never sent by this server
            }
        }
        while (in.hasRemaining() && state != Body.DONE) {
            switch (state) {
                case TO_CLOSE -> stream(in, in.remaining(), now);
                case CHUNK_DATA -> {
                    int n = (int) Math.min(chunkLeft, in.remaining());
                    stream(in, n, now);
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = Body.CHUNK_END;
                    }
                }
                case CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    String l = chunkLine(in);
                    if (l == null) {
                        return;
                    }
                    chunkFraming(l, now);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    private void chunkFraming(String l, long now) throws ProtocolException {
        switch (state) {
            case CHUNK_SIZE -> {
                int ext = l.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((ext < 0 ? l : l.substring(0, ext)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size line: " + l);
                }
                state = chunkLeft == 0 ? Body.TRAILERS : Body.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!l.isEmpty()) {
                    throw new ProtocolException("no CRLF after a chunk");
                }
                state = Body.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (l.isEmpty()) {
                    state = Body.DONE;
                    end();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** A CRLF-ended line of the chunked framing; null (what there was kept) until its LF arrives. */
    private String chunkLine(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                int len = chunkLine.length();
                if (len == 0 || chunkLine.charAt(len - 1) != '\r') {
                    throw new ProtocolException("a chunk framing line without CRLF");
                }
                String l = chunkLine.substring(0, len - 1);
                chunkLine.setLength(0);
                return l;
            }
            if (chunkLine.length() > 1024) {
                throw new ProtocolException("chunk framing line too long");
            }
            chunkLine.append(c);
        }
        return null;
    }

    /** {@code n} bytes of the event stream itself. */
    private void stream(ByteBuffer in, int n, long now) throws IOException {
        for (int end = in.position() + n; in.position() < end; ) {
            byte b = in.get();
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                line.flip();
                String l = utf8.reset().decode(line).toString();
                line.clear();
                field(l, now);
            } else {
                if (!line.hasRemaining()) {
                    line = ByteBuffer.allocate(line.capacity() * 2).put(line.flip());
                }
                line.put(b);
            }
        }
    }

    private void field(String l, long now) throws ProtocolException {
        if (l.isEmpty()) { // dispatch
            if (eventId != null && eventData) {
                try {
                    round.received(index, Long.parseLong(eventId), now);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("an event id that is not a seq: " + eventId);
                }
            }
            eventId = null;
            eventData = false;
            return;
        }
        if (l.charAt(0) == ':') {
            return; // a comment (the keep-alive)
        }
        int colon = l.indexOf(':');
        String name = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(l.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
        switch (name) {
            case "id" -> eventId = value;
            case "data" -> eventData = true;
            default -> {
                // event, retry: not what is checked here
            }
        }
    }

    private void end() {
        close();
        round.ended(index);
    }

    @Override
    void endOfStream() {
        if (state == Body.TO_CLOSE) {
            round.ended(index);
        } else {
            round.failed(index, "the server closed the connection " + (state == Body.HEAD ? "before the response head" : "inside the chunked body"));
            if (state == Body.HEAD) {
                headDone.run();
            }
        }
    }

    @Override
    void failed(String why) {
        round.failed(index, why);
        if (state == Body.HEAD) {
            state = Body.DONE;
            headDone.run();
        }
    }
}
