package com.aitesting.executors;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** A TLS server on a loopback address presenting one certificate chain; answers HTTP with a fixed response. */
final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    final AtomicInteger handshakes = new AtomicInteger();

    TlsServer(String address, int port, TestCertificates.Issued issued, String httpResponse) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", issued.key(), "x".toCharArray(), issued.chain());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "x".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(Loopback.bytes(address)), port));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> serve(client, httpResponse));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(Socket client, String httpResponse) {
        try (client) {
            client.setSoTimeout(3000);
            ((javax.net.ssl.SSLSocket) client).startHandshake();
            handshakes.incrementAndGet();
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            if (n > 0 && httpResponse != null) {
                OutputStream out = client.getOutputStream();
                out.write(httpResponse.getBytes(StandardCharsets.ISO_8859_1));
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
