package com.aitesting.api.stream;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A real SSE client for the ITs: java.net.http over loopback, reading the body line by line and
 * parsing the text/event-stream format (id, event, data, retry, comments) as the HTML spec describes.
 */
final class SseClient implements AutoCloseable {
    /** One dispatched event, or one comment line (type "comment", data = the text after ':'). */
    record Frame(String id, String type, String data, Long retry) {
        boolean isComment() {
            return "comment".equals(type) && id == null;
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<Stream<String>> response;
    private final Iterator<String> lines;
    private final Stream<String> body;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.body = response.body();
        this.lines = body.iterator();
    }

    static SseClient open(URI uri, Map<String, String> headers) {
        return openAsync(uri, headers).join();
    }

    static CompletableFuture<SseClient> openAsync(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).thenApply(SseClient::new);
    }

    /** The next event or comment; null at the end of the stream. Retry-only blocks are returned too. */
    Frame next() {
        String id = null;
        String type = null;
        Long retry = null;
        StringBuilder data = null;
        try {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (data != null || retry != null) {
                        return new Frame(id, type == null ? "message" : type, data == null ? null : data.toString(), retry);
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    if (data == null && id == null && type == null) {
                        return new Frame(null, "comment", line.substring(1).trim(), null);
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).startsWith(" ") ? line.substring(colon + 2) : line.substring(colon + 1);
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> type = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    case "retry" -> retry = Long.parseLong(value);
                    default -> { }
                }
            }
        } catch (UncheckedIOException e) {
            return null; // the server closed the connection mid-stream
        }
        return null;
    }

    /** All remaining events (no comments, no retry blocks) up to the end of the stream. */
    List<Frame> remainingEvents() {
        List<Frame> events = new ArrayList<>();
        for (Frame f = next(); f != null; f = next()) {
            if (f.data() != null && !f.isComment()) {
                events.add(f);
            }
        }
        return events;
    }

    @Override
    public void close() {
        body.close();
    }
}
