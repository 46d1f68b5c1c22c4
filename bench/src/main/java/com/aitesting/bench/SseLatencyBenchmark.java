package com.aitesting.bench;

import com.aitesting.bench.stream.SseLatency;

/**
 * Delivery latency of GET /v2/runs/{id}/events, from an event's commit to its receipt by SSE clients over
 * loopback, with 1, 100 and 1,000 subscribers to one run, beside a bare LISTEN/NOTIFY round trip on the
 * same database (the floor any NOTIFY-driven design pays). Figures: docs/streaming.md.
 *
 * <pre>./dev bench sseLatency [--events 40] [--subscribers 1,100,1000]</pre>
 */
public final class SseLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int events = 40;
        int[] subscribers = {1, 100, 1000};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--subscribers" -> subscribers = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("usage: ./dev bench sseLatency [--events N] [--subscribers 1,100,1000]");
            }
        }
        SseLatency.run(events, subscribers);
        System.exit(0); // the embedded server's non-daemon threads
    }

    private SseLatencyBenchmark() {}
}
