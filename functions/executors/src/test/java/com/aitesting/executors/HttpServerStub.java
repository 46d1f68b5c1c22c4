package com.aitesting.executors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A plain HTTP/1.1 server on a loopback address: the response is a function of the raw request head. */
final class HttpServerStub implements AutoCloseable {
    private final ServerSocket socket;
    final AtomicInteger requests = new AtomicInteger();

    HttpServerStub(String address, Function<String, String> respond) {
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(Loopback.bytes(address)), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> serve(client, respond));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(Socket client, Function<String, String> respond) {
        try (client) {
            client.setSoTimeout(3000);
            String head = readHead(client.getInputStream());
            if (head.isEmpty()) {
                return;
            }
            requests.incrementAndGet();
            client.getOutputStream().write(respond.apply(head).getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException ignored) {
            // a probe that went away
        }
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
        try {
            socket.close();
        } catch (IOException ignored) {
            // teardown
        }
    }
}
