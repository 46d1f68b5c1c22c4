package com.aitesting.bench;

import com.aitesting.bench.stream.SseCapacity;
import java.time.Duration;
import java.util.List;

/**
 * The most concurrent idle SSE streams one server process holds within a stated heap. The server (the API
 * app) runs in a child JVM with -Xmx each of {@code --heaps}; this process holds the connections with one
 * NIO selector thread and opens them in ramps of {@code --step}. After each ramp, one new event per run
 * must reach EVERY open stream within {@code --deadline-ms}, and the server's heap after a full GC is read
 * with jcmd. It stops at the first failure (refused or closed connection, non-200, the server's
 * OutOfMemoryError, a missed deadline), at {@code --max}, or when the time budget is spent. Baselines on the
 * same child: the server with no connections, and the same ramp of idle HTTP/1.1 keep-alive connections.
 * Loopback only. Figures: docs/streaming.md.
 *
 * <pre>./dev bench sseCapacity [--heaps 64m,128m,256m,512m] [--max 15000] [--step 500] [--runs 100] [--deadline-ms 5000]</pre>
 */
public final class SseCapacityBenchmark {
    public static void main(String[] args) throws Exception {
        List<String> heaps = List.of("64m", "128m", "256m", "512m");
        int max = 15_000;
        int step = 500;
        int runs = 100;
        long deadlineMs = 5_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--heaps" -> heaps = SseCapacity.list(args[++i]);
                case "--max" -> max = Integer.parseInt(args[++i]);
                case "--step" -> step = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--deadline-ms" -> deadlineMs = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException(SseCapacity.USAGE);
            }
        }
        // at most about 4.5 minutes in all: per heap, a third for the keep-alive ramp and two thirds for the streams
        Duration budget = Duration.ofSeconds(Math.max(45, 260 / heaps.size()));
        SseCapacity.run(new SseCapacity.Options(heaps, max, step, runs, Duration.ofMillis(deadlineMs), budget));
        System.exit(0);
    }

    private SseCapacityBenchmark() {}
}
