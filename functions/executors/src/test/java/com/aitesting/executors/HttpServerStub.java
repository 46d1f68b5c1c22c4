package com.aitesting.executors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A plain HTTP/1.1 server on a loopback address: the response is a function of the raw request head. */
final class HttpServerStub implements AutoCloseable {
    private final RawPeer peer;
    final AtomicInteger requests = new AtomicInteger();

    HttpServerStub(String address, Function<String, String> respond) {
        peer = new RawPeer(address, client -> serve(client, respond));
    }

    int port() {
        return peer.port();
    }

    private void serve(Socket client, Function<String, String> respond) throws IOException {
        client.setSoTimeout(3000);
        String head = readHead(client.getInputStream());
        if (head.isEmpty()) {
            return;
        }
        requests.incrementAndGet();
        client.getOutputStream().write(respond.apply(head).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int window = 0;
        int b;
        while (window != 0x0d0a0d0a && (b = in.read()) >= 0) {
            head.write(b);
            window = (window << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static String response(int status, String headers, String body) {
        return "HTTP/1.1 " + status + " X\r\n" + headers + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Override
    public void close() {
        peer.close();
    }
}
