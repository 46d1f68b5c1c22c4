package com.aitesting.bench.stream;

import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.util.Map;

/**
 * The server under test of {@link SseCapacity}, in a child JVM of its own so that its heap limit and its
 * heap after GC are the app's alone: the API app (Micronaut Netty, the SSE streams, the one LISTEN
 * connection) on a loopback port, pointed at the benchmark's database as the restricted role. Prints
 * {@code READY <port>} when it accepts connections, and exits when its stdin closes (the benchmark went away).
 *
 * <pre>java -Xmx256m ... CapacityServer jdbcUrl user password</pre>
 */
public final class CapacityServer {
    public static void main(String[] args) throws IOException {
        Map<String, Object> props = Map.of(
                "ait.database.url", args[0], "ait.database.user", args[1], "ait.database.password", args[2],
                "ait.database.max-pool-size", "16", "ait.simulate-progress", "false",
                "micronaut.server.port", -1, "micronaut.server.host", "127.0.0.1");
        EmbeddedServer server = SseBenchApp.startServer(props);
        System.out.println("READY " + server.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // block until the benchmark closes our stdin (or dies)
        }
        System.exit(0);
    }

    private CapacityServer() {}
}
