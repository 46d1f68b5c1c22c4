package com.aitesting.executors;

import com.aitesting.executors.net.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
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

    /** Reads a response; throws {@link NotHttpException} when the peer does not speak HTTP. */
    static Response read(InputStream in, boolean headOnly) throws IOException {
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
            if (head.size() > MAX_HEAD) {
                throw new HeadTooLargeException();
            }
            if (b == '\n') {
                emptyLine = lineLength == 0;
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/")) {
            throw new NotHttpException("the first response bytes are not an HTTP status line");
        }
        String[] lines = text.split("\r?\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new NotHttpException("a malformed status line");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
            }
        }
        String body = "";
        if (!headOnly) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[2048];
            try {
                int n;
                while (bytes.size() < MAX_BODY && (n = in.read(buffer)) > 0) {
                    bytes.write(buffer, 0, Math.min(n, MAX_BODY - bytes.size()));
                }
            } catch (SocketTimeoutException e) {
                // a body that does not end (keep-alive despite Connection: close): the start is enough
            }
            body = bytes.toString(StandardCharsets.UTF_8);
        }
        return new Response(status, statusLine, headers, body);
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
