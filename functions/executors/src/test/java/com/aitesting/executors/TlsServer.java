package com.aitesting.executors;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on a loopback address presenting one certificate chain; answers HTTP with a fixed response.
 * With a {@code plainResponse}, a connection that does not start with a TLS record gets that answer in the
 * clear, as HTTPS servers (nginx, Apache) answer a plain HTTP request on their port.
 */
final class TlsServer implements AutoCloseable {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private final ServerSocket socket;
    private final SSLContext context;
    final AtomicInteger handshakes = new AtomicInteger();
    private volatile String[] protocols;

    TlsServer(String address, int port, TestCertificates.Issued issued, String httpResponse) {
        this(address, port, issued, httpResponse, null);
    }

    TlsServer(String address, int port, TestCertificates.Issued issued, String httpResponse, String plainResponse) {
        this(address, port, issued, request -> httpResponse, plainResponse);
    }

    /** A server whose HTTP response is a function of the request it read (its first bytes over TLS). */
    TlsServer(String address, TestCertificates.Issued issued, Function<String, String> respond) {
        this(address, 0, issued, respond, null);
    }

    private TlsServer(String address, int port, TestCertificates.Issued issued, Function<String, String> respond,
                      String plainResponse) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", issued.key(), "x".toCharArray(), issued.chain());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "x".toCharArray());
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(Loopback.bytes(address)), port));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> serve(client, respond, plainResponse));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Serves only these protocol versions from now on (the JDK's defaults until called). */
    TlsServer protocols(String... enabled) {
        protocols = enabled.clone();
        return this;
    }

    private void serve(Socket plain, Function<String, String> respond, String plainResponse) {
        try (plain) {
            plain.setSoTimeout(3000);
            int b = plain.getInputStream().read();
            if (b != TLS_HANDSHAKE_RECORD) {
                if (b >= 0 && plainResponse != null) {
                    plain.getOutputStream().write(plainResponse.getBytes(StandardCharsets.ISO_8859_1));
                }
                return;
            }
            // the byte read to tell TLS from plain HTTP is handed back to the TLS layer
            SSLSocket client = (SSLSocket) context.getSocketFactory()
                    .createSocket(plain, new ByteArrayInputStream(new byte[] {(byte) b}), true);
            if (protocols != null) {
                client.setEnabledProtocols(protocols);
            }
            client.startHandshake();
            handshakes.incrementAndGet();
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            String response = n > 0 ? respond.apply(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)) : null;
            if (response != null) {
                OutputStream out = client.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a probe that only handshakes, or offers what this server refuses
        }
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
