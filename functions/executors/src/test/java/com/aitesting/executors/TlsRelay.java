package com.aitesting.executors;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A TCP relay on a loopback address in front of a real server, told per connection (numbered from 1 in the
 * order accepted) what to do with it: a server that goes down or resets one probe, at a point the test picks.
 */
final class TlsRelay implements AutoCloseable {
    enum Action {
        /** Pipe the connection to the upstream server both ways. */
        FORWARD,
        /** Read the client's first bytes, then reset the connection (RST) before any answer. */
        RESET,
        /** Pipe this connection, then stop listening: every later connect is refused, as by a server that went down. */
        FORWARD_THEN_GO_DOWN
    }

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    TlsRelay(String address, String upstreamAddress, int upstreamPort, IntFunction<Action> plan) {
        InetAddress upstream;
        try {
            upstream = InetAddress.getByAddress(Loopback.bytes(upstreamAddress));
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
                    Action action = plan.apply(accepted.incrementAndGet());
                    if (action == Action.FORWARD_THEN_GO_DOWN) {
                        socket.close();
                    }
                    Thread.ofVirtual().start(() -> serve(client, action, upstream, upstreamPort));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void serve(Socket client, Action action, InetAddress upstream, int upstreamPort) {
        try (client) {
            if (action == Action.RESET) {
                client.getInputStream().read(new byte[512]);
                client.setSoLinger(true, 0);
                return;
            }
            try (Socket server = new Socket(upstream, upstreamPort)) {
                Thread back = Thread.ofVirtual().start(() -> {
                    try {
                        server.getInputStream().transferTo(client.getOutputStream());
                        client.shutdownOutput();
                    } catch (IOException ignored) {
                        // either side went away
                    }
                });
                client.getInputStream().transferTo(server.getOutputStream());
                server.shutdownOutput();
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // either side went away, or the test ended
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
