package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request over a guarded connection ({@code Connection: close}), and the response's status,
 * headers and the first bytes of its body. Hand-written on purpose: an HTTP client library would open its
 * own sockets and resolve names itself, around the guard.
 */
final class HttpExchange {
    static final String USER_AGENT = "ai-testing-executor/1 (+security test authorised by the scope owner)";
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 8 * 1024;

    record Response(int status, String statusLine, List<Map.Entry<String, String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        boolean redirect() {
            return status >= 300 && status < 400 && header("Location").isPresent();
        }
    }

    private HttpExchange() {}

    static Response send(Connection connection, String method, String authority, String path,
                         Map<String, String> extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Accept: */*\r\n")
                .append("Connection: close\r\n");
        extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = connection.out();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read(connection.in(), method.equals("HEAD"));
    }

    /**
     * Reads a response; throws {@link NotHttpException} when the peer does not speak HTTP. Interim (1xx) responses
     * before it are skipped, as RFC 9110 §15.2 has clients do even unasked (103 Early Hints): their heads are not
     * the page. Every head read counts against the one bound, so a flood of them ends like one endless head.
     */
    static Response read(InputStream in, boolean headOnly) throws IOException {
        int budget = MAX_HEAD;
        while (true) {
            String text = head(in, budget);
            budget -= text.length();
            if (!text.startsWith("HTTP/")) {
                throw new NotHttpException("the first response bytes are not an HTTP status line");
            }
            String[] lines = text.split("\r?\n");
            String statusLine = lines[0];
            String[] parts = statusLine.split(" ", 3);
            // status-code = 3DIGIT (RFC 9112 §4); Integer.parseInt alone would take "+302" or "-1"
            if (parts.length < 2 || !parts[1].matches("[0-9]{3}")) {
                throw new NotHttpException("a malformed status line");
            }
            int status = Integer.parseInt(parts[1]);
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.add(Map.entry(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
                }
            }
            return new Response(status, statusLine, headers, headOnly ? "" : body(in));
        }
    }

    /** One response head, up to its empty line (or the end of the stream); over {@code budget} bytes is too large. */
    private static String head(InputStream in, int budget) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // lines end with CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept both, and servers send
        // both): reading CRLF only would take a bare-LF head for one line without headers, and report every
        // header it sent as missing
        int lineLength = 0;
        boolean emptyLine = false;
        while (!emptyLine) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            if (head.size() > budget) {
                throw new HeadTooLargeException();
            }
            if (b == '\n') {
                emptyLine = lineLength == 0;
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The first {@value #MAX_BODY} bytes of the body, or what arrived of them. A body that stalls (keep-alive despite
     * Connection: close), trickles until the guard closes the connection at its lifetime, or ends in a reset leaves
     * the head it followed as true as it was: the start is enough (before, a slow body failed the whole exchange).
     */
    private static String body(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[2048];
        try {
            int n;
            while (bytes.size() < MAX_BODY && (n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, Math.min(n, MAX_BODY - bytes.size()));
            }
        } catch (IOException e) {
            // the body ends here
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The peer answered, but not with HTTP. */
    static class NotHttpException extends IOException {
        NotHttpException(String message) {
            super(message);
        }
    }

    /**
     * A head over {@value #MAX_HEAD} bytes: not judged (headers past the cut would be reported missing), and
     * counted by the caller so the endpoint does not vanish from the step without a trace.
     */
    static final class HeadTooLargeException extends NotHttpException {
        HeadTooLargeException() {
            super("a response head longer than " + MAX_HEAD + " bytes");
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
