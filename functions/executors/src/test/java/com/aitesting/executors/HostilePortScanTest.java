package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port scan against listeners that flood data or hold every connection open, on loopback. */
class HostilePortScanTest {

    @Test
    void listenersThatFloodOrHoldTheConnectionOpenAreOpenPortsAndHoldNothing() {
        RawPeer.Handler flood = client -> {
            OutputStream out = client.getOutputStream();
            byte[] junk = new byte[64 * 1024];
            while (true) {
                out.write(junk);
            }
        };
        RawPeer.Handler hold = client -> Thread.sleep(60_000);
        try (RawPeer flooding = new RawPeer("127.0.155.1", 8080, flood);
             RawPeer holding = new RawPeer("127.0.155.1", 22, hold)) {
            Harness harness = new Harness(null).probing(64, Duration.ofMillis(300), Duration.ofMillis(300))
                    .scope(List.of(), List.of("127.0.155.1/32"), List.of());
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var outcome = harness.run(Rules.TCP_TOP_1000, reporter);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(reporter.findings).extracting(f -> f.target().port()).containsExactlyInAnyOrder(8080, 22);
            assertThat(outcome.done()).isTrue();
        }
    }
}
