package com.aitesting.bench;

import com.aitesting.bench.stream.WsFanout;
import com.aitesting.bench.workflow.Args;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Fan-out of the live-progress WebSocket {@code /v2/ws}: 1, 100, 1,000 and 10,000 local WebSocket
 * subscribers of ONE run, commit -> client latency (p50/p99/max) of every (subscriber, event) pair, with a
 * check that every subscriber got every event exactly once and in order; beside it the SSE stream at the
 * same counts on the same server and a bare LISTEN/NOTIFY round trip on the same database. The server
 * (the API app) runs in a child JVM with {@code -Xmx512m}, so its heap after GC with N idle subscribed
 * connections, minus the same with none, is the server's alone. Loopback only; stops by itself, removes
 * its child process and temporary folder. Figures: docs/benchmarks.md.
 *
 * <pre>./dev bench wsFanout [--counts 1,100,1000,10000] [--events 40] [--pace-ms 25] [--heap 512m] [--no-sse] [--markdown]</pre>
 */
public final class WsFanoutBenchmark {
    private static final String USAGE = "usage: ./dev bench wsFanout [--counts 1,100,1000,10000] [--events 40] [--pace-ms 25] [--heap 512m] [--no-sse] [--markdown]";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("counts", "events", "pace-ms", "heap"), Set.of("no-sse", "markdown"), USAGE);
        WsFanout.run(new WsFanout.Options(args.integers("counts", List.of(1, 100, 1000, 10_000)), args.integer("events", 40),
                Duration.ofMillis(args.integer("pace-ms", 25)), args.strings("heap", List.of("512m")).getFirst(),
                !args.flag("no-sse"), args.flag("markdown")));
        System.exit(0); // the embedded database's and the clients' threads
    }

    private WsFanoutBenchmark() {}
}
