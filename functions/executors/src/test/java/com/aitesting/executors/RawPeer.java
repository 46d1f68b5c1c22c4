package com.aitesting.executors;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP server on a loopback address that hands each connection it accepts to the test's handler: for peers
 * that break the protocol (silent, dripping, alerting). The connection is closed when the handler returns.
 */
final class RawPeer implements AutoCloseable {
    interface Handler {
        void serve(Socket client) throws IOException, InterruptedException;
    }

    /** Reads until the probe goes away and never says a word. */
    static final Handler SILENT = client -> client.getInputStream().transferTo(OutputStream.nullOutputStream());

    /** Answers whatever it is sent with a fatal TLS alert (handshake_failure), as a TLS server that refuses every offer. */
    static final Handler TLS_ALERT = client -> {
        client.getInputStream().read();
        client.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
    };

    private final ServerSocket socket;

    RawPeer(String address, Handler handler) {
        this(address, 0, handler);
    }

    /** On a chosen port (0: any free one), for a check that only asks known ports (a port list, DNS on 53). */
    RawPeer(String address, int port, Handler handler) {
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(Loopback.bytes(address)), port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            handler.serve(client);
                        } catch (IOException | InterruptedException ignored) {
                            // the probe went away, or the test ended
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** A port on {@code address} where nothing listens: taken, then given back. */
    static int closedPort(String address) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(Loopback.bytes(address)))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return socket.getLocalPort();
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
