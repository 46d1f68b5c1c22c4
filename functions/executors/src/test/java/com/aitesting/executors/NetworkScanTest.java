package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.finding.NewFinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Discovery and the port scan against listeners on several 127.0.77.x addresses. */
class NetworkScanTest {
    @Test
    void pingSweepFindsEveryAnsweringAddressOfTheScopeAndSkipsTheExcludedOne() {
        try (Loopback loopback = new Loopback()) {
            Loopback.Listener excluded = loopback.listen("127.0.77.3", 80);
            Loopback.Listener outside = loopback.listen("127.0.77.9", 80);
            Harness harness = new Harness(null).scope(List.of(), List.of("127.0.77.0/30"), List.of("127.0.77.3"));
            RecordingReporter reporter = new RecordingReporter();

            ChunkOutcome outcome = harness.run(Rules.PING_SWEEP, reporter);

            // Loopback answers every address (a refusal proves a live stack): 3 allowed addresses, all live.
            assertThat(reporter.findings).extracting(f -> f.target().address())
                    .containsExactlyInAnyOrder("127.0.77.0", "127.0.77.1", "127.0.77.2");
            assertThat(reporter.rules()).containsOnly(Rules.HOST_LIVE);
            assertThat(outcome.done()).isTrue();
            assertThat(outcome.counts()).containsEntry("hosts_live", 3L);
            assertThat(excluded.accepted.get()).isZero();
            assertThat(outside.accepted.get()).isZero();
        }
    }

    @Test
    void portScanReportsExactlyTheOpenListListPortsOfTheLiveHostsAndNothingElse() {
        try (Loopback loopback = new Loopback()) {
            loopback.listen("127.0.77.17", 22);
            loopback.listen("127.0.77.17", 8080);
            loopback.listen("127.0.77.18", 5432);
            loopback.listen("127.0.77.19", 6379);
            Loopback.Listener excluded = loopback.listen("127.0.77.20", 22);
            Loopback.Listener outside = loopback.listen("127.0.77.33", 22);
            Harness harness = new Harness(null).scope(List.of(), List.of("127.0.77.16/28"), List.of("127.0.77.20/32"));
            RecordingReporter discovery = new RecordingReporter();
            harness.run(Rules.PING_SWEEP, discovery);
            harness.after(Rules.PING_SWEEP, discovery.findings);
            RecordingReporter reporter = new RecordingReporter();

            ChunkOutcome outcome = harness.run(Rules.TCP_TOP_1000, reporter);

            Set<String> open = reporter.findings.stream()
                    .map(f -> f.target().address() + ":" + f.target().port()).collect(Collectors.toSet());
            assertThat(open).containsExactlyInAnyOrder("127.0.77.17:22", "127.0.77.17:8080", "127.0.77.18:5432", "127.0.77.19:6379");
            assertThat(reporter.rules()).containsOnly(Rules.PORT_OPEN);
            assertThat(reporter.findings).allMatch(f -> f.severity().wire().equals("info"));
            assertThat(reporter.findings.stream().filter(f -> f.target().port() == 22).findFirst().orElseThrow().evidence())
                    .containsEntry("state", "open").containsEntry("registered_service", "ssh");
            // 15 live hosts (16 minus the excluded one) x 1000 ports
            assertThat(outcome.counts()).containsEntry("work_total", 15_000L).containsEntry("ports_open", 4L);
            assertThat(reporter.lastDone.get()).isEqualTo(15_000L);
            assertThat(excluded.accepted.get()).isZero();
            assertThat(outside.accepted.get()).isZero();
        }
    }

    @Test
    void aChunkThatRunsOutOfBudgetStopsAtAnOffsetAndTheNextChunkFinishesTheWork() {
        try (Loopback loopback = new Loopback()) {
            loopback.listen("127.0.77.40", 22);
            loopback.listen("127.0.77.41", 443);
            Harness harness = new Harness(null).scope(List.of(), List.of("127.0.77.40/31"), List.of()).rate(2000)
                    .probing(64, java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(300));
            harness.budget = java.time.Duration.ofMillis(600);
            RecordingReporter reporter = new RecordingReporter();
            long offset = 0;
            Map<String, Long> counts = Map.of();
            int chunks = 0;
            ChunkOutcome outcome;
            do {
                outcome = harness.run(Rules.TCP_TOP_1000, offset, counts, reporter);
                assertThat(outcome.nextOffset()).isGreaterThan(offset);
                offset = outcome.nextOffset();
                counts = outcome.counts();
                chunks++;
            } while (!outcome.done());

            assertThat(chunks).isGreaterThan(1);
            assertThat(outcome.nextOffset()).isEqualTo(2000);
            long probes = outcome.counts().entrySet().stream().filter(e -> e.getKey().startsWith("ports_"))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(probes).isEqualTo(2000);
            assertThat(reporter.findings).extracting(NewFinding::ruleId).hasSize(2);
        }
    }

    @Test
    void stoppingALongScanEndsItWithinASecondAndNoConnectionFollows() throws Exception {
        try (Loopback loopback = new Loopback()) {
            List<Loopback.Listener> listeners = List.of(loopback.listen("127.0.77.50", 22), loopback.listen("127.0.77.51", 22),
                    loopback.listen("127.0.77.52", 80), loopback.listen("127.0.77.53", 443));
            // 16 hosts x 1000 ports at 500 probes/s: half a minute of work
            Harness harness = new Harness(null).scope(List.of(), List.of("127.0.77.48/28"), List.of()).rate(500);
            RecordingReporter reporter = new RecordingReporter();
            Thread scan = Thread.ofVirtual().start(() -> harness.run(Rules.TCP_TOP_1000, reporter));
            Thread.sleep(700);
            long stoppedAt = System.nanoTime();
            harness.stop.stop();
            scan.join(java.time.Duration.ofSeconds(1));
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertThat(scan.isAlive()).as("the scan still runs %d ms after the stop", tookMs).isFalse();
            int acceptedAtStop = loopback.totalAccepted();
            long probedAtStop = reporter.lastDone.get();
            Thread.sleep(300);
            assertThat(loopback.totalAccepted()).isEqualTo(acceptedAtStop);
            assertThat(reporter.lastDone.get()).isEqualTo(probedAtStop).isLessThan(16_000);
            assertThat(listeners).isNotEmpty();
        }
    }

    /**
     * A socket is probed once however many ways lead to it; what it is reported as is each in-scope name that
     * resolves to it (the later TLS and HTTP checks need every virtual host), and its address alone only when
     * no name does. Before, the CIDR's address and each name were each scanned and reported: 3 probes and 3
     * findings of one open port here.
     */
    @Test
    void anAddressReachedByItsCidrAndByNamesIsProbedOnceAndReportedByItsNames() {
        try (Loopback loopback = new Loopback(); DnsResponder dns = new DnsResponder("127.0.77.100")) {
            Loopback.Listener web = loopback.listen("127.0.77.65", 8080);
            Loopback.Listener bare = loopback.listen("127.0.77.64", 8080);
            dns.a("www.scan.test", "127.0.77.65");
            dns.a("api.scan.test", "127.0.77.65");
            Harness harness = new Harness(dns).scope(List.of("www.scan.test", "api.scan.test"), List.of("127.0.77.64/31"), List.of());
            RecordingReporter reporter = new RecordingReporter();

            ChunkOutcome outcome = harness.run(Rules.TCP_TOP_1000, reporter);

            assertThat(reporter.findings).extracting(f -> f.target().host() + " " + f.target().address() + ":" + f.target().port())
                    .containsExactlyInAnyOrder("www.scan.test 127.0.77.65:8080", "api.scan.test 127.0.77.65:8080",
                            "null 127.0.77.64:8080");
            assertThat(web.accepted.get()).as("one probe of the named socket").isEqualTo(1);
            assertThat(bare.accepted.get()).isEqualTo(1);
            assertThat(outcome.counts()).as("two addresses x 1000 ports").containsEntry("work_total", 2_000L)
                    .containsEntry("ports_open", 2L);
        }
    }

    @Test
    void aDomainThatResolvesOutOfScopeIsBlockedWithARefusalAndNeverConnected() {
        try (Loopback loopback = new Loopback(); DnsResponder dns = new DnsResponder("127.0.77.100")) {
            Loopback.Listener excluded = loopback.listen("127.0.77.60", 22);
            dns.a("app.scan.test", "127.0.77.60");
            Harness harness = new Harness(dns).scope(List.of("app.scan.test"), List.of(), List.of("127.0.77.60/32"));
            RecordingReporter reporter = new RecordingReporter();

            ChunkOutcome outcome = harness.run(Rules.TCP_TOP_1000, reporter);

            assertThat(reporter.refusals).containsExactly(new ScopeRefusal("app.scan.test", "127.0.77.60", "out_of_scope"));
            assertThat(reporter.findings).isEmpty();
            assertThat(outcome.counts()).containsEntry("blocked", 1L).containsEntry("work_total", 0L);
            assertThat(excluded.accepted.get()).isZero();
        }
    }
}
