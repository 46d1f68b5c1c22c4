package com.aitesting.core.stream;

import com.aitesting.core.error.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Where a run's event stream starts: after the event whose seq the client saw last (0 = from the first
 * event). A reconnecting EventSource sends the {@code Last-Event-ID} header while its URL keeps the
 * {@code ?after=} it was opened with, so the header is the newer position and wins when both are given.
 */
public record ResumePoint(long afterSeq) {
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,18}");

    public ResumePoint {
        if (afterSeq < 0) {
            throw InvalidInputException.of("after", "must be a non-negative event seq");
        }
    }

    public static final ResumePoint START = new ResumePoint(0);

    /**
     * @param lastEventId the Last-Event-ID header, null when absent; an empty value means "no id" (an
     *                    EventSource whose last event had no id), as in the HTML specification
     * @param after       the {@code after} query parameter, null when absent
     */
    public static ResumePoint of(String lastEventId, String after) {
        // a malformed ?after is refused even when the header wins: bad input is never silently ignored
        Long fromQuery = after == null ? null : parse("after", after);
        if (lastEventId != null && !lastEventId.isBlank()) {
            return new ResumePoint(parse("Last-Event-ID", lastEventId.strip())); // a header's own spaces are not its value
        }
        return fromQuery == null ? START : new ResumePoint(fromQuery);
    }

    /** Digits only: {@code ?after=+3} (which arrives as " 3") is as malformed as {@code ?after=x}. */
    private static long parse(String field, String v) {
        if (!SEQ.matcher(v).matches()) {
            throw InvalidInputException.of(field, "must be a non-negative integer of at most 18 digits: the seq (SSE id) of the last event received");
        }
        return Long.parseLong(v);
    }
}
