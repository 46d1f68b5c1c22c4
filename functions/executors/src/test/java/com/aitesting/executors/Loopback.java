package com.aitesting.executors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** TCP listeners on chosen loopback addresses and ports, each counting the connections it accepted. */
final class Loopback implements AutoCloseable {
    static final class Listener {
        final String address;
        final int port;
        final AtomicInteger accepted = new AtomicInteger();
        final ServerSocket socket;

        Listener(String address, int port) throws IOException {
            this.address = address;
            this.socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(bytes(address)), port), 512);
            this.port = socket.getLocalPort();
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }
    }

    private final List<Listener> listeners = new ArrayList<>();

    Listener listen(String address, int port) {
        try {
            Listener listener = new Listener(address, port);
            listeners.add(listener);
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port + " (is the port taken?)", e);
        }
    }

    int totalAccepted() {
        return listeners.stream().mapToInt(l -> l.accepted.get()).sum();
    }

    static byte[] bytes(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(parts[i]);
        }
        return b;
    }

    @Override
    public void close() {
        for (Listener listener : listeners) {
            try {
                listener.socket.close();
            } catch (IOException ignored) {
                // test teardown
            }
        }
    }
}
