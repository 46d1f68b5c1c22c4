package com.aitesting.bench.stream;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 response's status line and headers, as a loopback client reads them (names lower-cased). */
record HttpHead(int status, Map<String, String> headers) {
    private static final int MAX = 16 * 1024;

    /** The request line and headers of a GET with the benchmark's dev-auth headers, and {@code extra} header lines. */
    static byte[] get(String path, int port, String... extra) {
        StringBuilder r = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n")
                .append("X-Dev-User: bench\r\nX-Dev-Email: bench@example.com\r\nX-Tenant-Id: ").append(SseBenchApp.ACTOR.tenant().value()).append("\r\n");
        for (String line : extra) {
            r.append(line).append("\r\n");
        }
        return r.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The head at the start of {@code in}, consumed; null (nothing consumed) while its blank line has not arrived. */
    static HttpHead parse(ByteBuffer in) throws ProtocolException {
        int start = in.position();
        int end = -1;
        for (int i = start; i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            if (in.remaining() > MAX) {
                throw new ProtocolException("no end of the response head within " + MAX + " bytes");
            }
            return null;
        }
        byte[] bytes = new byte[end - start];
        in.get(bytes);
        in.position(end + 4);
        String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
            throw new ProtocolException("not an HTTP/1.1 status line: " + lines[0]);
        }
        int status;
        try {
            status = Integer.parseInt(lines[0], 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status line: " + lines[0]);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("bad header line: " + lines[i]);
            }
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        return new HttpHead(status, headers);
    }

    String header(String name) {
        return headers.getOrDefault(name, "");
    }

    boolean headerHas(String name, String token) {
        for (String t : header(name).split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
