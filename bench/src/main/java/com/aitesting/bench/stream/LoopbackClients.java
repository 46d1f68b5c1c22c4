package com.aitesting.bench.stream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK HttpClients of one measurement (java.net.http: one selector thread each, no thread per
 * connection; SSE and WebSocket alike), their source addresses spread over 127.0.0.10, .11, ... at most
 * {@link #PER_ADDRESS} connections each, so that many loopback connections (and the TIME_WAIT they
 * leave behind) never run short of ephemeral ports. Closing shuts them down with their connections.
 */
final class LoopbackClients implements AutoCloseable {
    static final int PER_ADDRESS = 4000;

    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("client-", 0).factory());

    LoopbackClients(int connections) {
        int addresses = Math.max(1, (connections + PER_ADDRESS - 1) / PER_ADDRESS);
        for (int k = 0; k < addresses; k++) {
            try {
                clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).executor(executor)
                        .localAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + k)})).build());
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // a literal address: never looked up
            }
        }
    }

    /** The client for connection {@code i}. */
    HttpClient forConnection(int i) {
        return clients.get(i / PER_ADDRESS);
    }

    @Override
    public void close() {
        clients.forEach(HttpClient::shutdownNow);
        executor.shutdownNow();
    }
}
