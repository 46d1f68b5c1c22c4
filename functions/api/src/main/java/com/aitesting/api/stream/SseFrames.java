package com.aitesting.api.stream;

import com.aitesting.core.run.RunEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The bytes of the text/event-stream wire format, written here rather than by Micronaut's
 * {@code Event} writer because that writer always emits a {@code data:} line, so a comment-only
 * keep-alive would reach the client as an (empty) message instead of a bare {@code : keep-alive} line.
 *
 * <p>An event is {@code id: <seq>}, {@code event: <type>} and one {@code data:} line holding
 * {@code {"run_id","seq","type","created_at","payload"}}; the JSON is written without line breaks (a
 * newline inside a string is escaped), so one {@code data:} line always suffices.
 */
final class SseFrames {
    static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private static final int RECENT = 256; // a power of two

    private record Encoded(RunEvent event, byte[] frame) {}

    private final ObjectMapper json;
    // The frames of recently encoded events, by seq. The streams of one run are handed the SAME RunEvent
    // instances from their shared window (StreamRunEvents), so a slot is reused only for that very object
    // (identity, never equals): one encoding per event instead of one per stream. Frames are never mutated.
    private final AtomicReferenceArray<Encoded> recent = new AtomicReferenceArray<>(RECENT);

    SseFrames(ObjectMapper json) {
        this.json = json;
    }

    static byte[] retry(Duration retry) {
        return ("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] event(RunEvent event) {
        int slot = (int) (event.seq() & (RECENT - 1));
        Encoded hit = recent.get(slot);
        if (hit != null && hit.event() == event) {
            return hit.frame();
        }
        byte[] frame = encode(event);
        recent.set(slot, new Encoded(event, frame));
        return frame;
    }

    private byte[] encode(RunEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run_id", event.runId().toString());
        data.put("seq", event.seq());
        data.put("type", event.type());
        data.put("created_at", event.createdAt().toString());
        data.put("payload", event.payload());
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run event " + event.seq() + " of run " + event.runId() + " cannot be written as JSON", e);
        }
        // event types are fixed identifiers (RunEventType); a CR/LF in one would break the framing
        if (event.type().indexOf('\n') >= 0 || event.type().indexOf('\r') >= 0) {
            throw new IllegalStateException("event type contains a line break: run " + event.runId() + " seq " + event.seq());
        }
        return ("id: " + event.seq() + "\nevent: " + event.type() + "\ndata: " + body + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
