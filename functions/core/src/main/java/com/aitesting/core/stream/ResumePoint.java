package com.aitesting.core.stream;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.run.RunHead;
import java.util.regex.Pattern;

/**
 * Where a run's event stream starts: after the event whose seq the client saw last (0 = from the first
 * event). A reconnecting EventSource sends the {@code Last-Event-ID} header while its URL keeps the
 * {@code ?after=} it was opened with, so the header is the newer position and wins when both are given.
 *
 * @param field where the position came from ({@code Last-Event-ID} or {@code after}), named when it is refused
 */
public record ResumePoint(long afterSeq, String field) {
    private static final String AFTER = "after";
    private static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    public ResumePoint {
        if (afterSeq < 0) {
            throw InvalidInputException.of(field, "must be a non-negative event seq");
        }
    }

    public static final ResumePoint START = new ResumePoint(0, AFTER);

    /** A WebSocket subscription's {@code after}. */
    public static ResumePoint after(long afterSeq) {
        return new ResumePoint(afterSeq, AFTER);
    }

    /**
     * @param lastEventId the Last-Event-ID header, null when absent; an empty value means "no id" (an
     *                    EventSource whose last event had no id), as in the HTML specification
     * @param after       the {@code after} query parameter, null when absent
     */
    public static ResumePoint of(String lastEventId, String after) {
        // a malformed ?after is refused even when the header wins: bad input is never silently ignored
        Long fromQuery = after == null ? null : parse(AFTER, after);
        if (lastEventId != null && !lastEventId.isBlank()) {
            return new ResumePoint(parse(LAST_EVENT_ID, lastEventId.strip()), LAST_EVENT_ID); // a header's own spaces are not its value
        }
        return fromQuery == null ? START : after(fromQuery);
    }

    /**
     * Whether a client resuming here already has everything it will be streamed: it is at or after the run's
     * terminal event (the audit events stored after that one are never streamed). The one rule of the SSE
     * stream (which answers 204, so an EventSource stops reconnecting) and of both WebSockets ({@code end}).
     *
     * @throws InvalidInputException when the point is past the run's last event: the client names an event
     *                               that does not exist, and streaming from there would silently skip the
     *                               events up to it
     */
    public boolean hasAll(RunHead head) {
        if (afterSeq > head.lastEventSeq()) {
            throw InvalidInputException.of(field, "is past the run's last event (seq " + head.lastEventSeq() + ")");
        }
        return head.endSeq() > 0 && afterSeq >= head.endSeq();
    }

    /** Digits only: {@code ?after=+3} (which arrives as " 3") is as malformed as {@code ?after=x}. */
    private static long parse(String field, String v) {
        if (!SEQ.matcher(v).matches()) {
            throw InvalidInputException.of(field, "must be a non-negative integer of at most 18 digits: the seq (SSE id) of the last event received");
        }
        return Long.parseLong(v);
    }
}
