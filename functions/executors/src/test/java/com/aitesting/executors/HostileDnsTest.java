package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.executors.net.DnsClient;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS client against a resolver that is broken or lies, one behaviour each (a responder on loopback): every
 * query ends within the io timeout the chunk rule counts on, and only an answer to the question asked is taken.
 */
class HostileDnsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    private static long millis(Runnable lookup) {
        long start = System.nanoTime();
        lookup.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    void aLateTruncatedAnswerAndASilentTcpServerEndWithinOneQueryTimeout() {
        try (DnsResponder dns = new DnsResponder("127.0.152.1")) {
            for (int i = 1; i <= 60; i++) { // more than 512 bytes: truncated over UDP
                dns.a("late.dns.test", "127.0.153." + i);
            }
            // the truncated answer comes just inside the timeout, and the TCP retry is never answered
            dns.hostileUdp("late.dns.test", Duration.ofMillis(800), UnaryOperator.identity()).silentOverTcp("late.dns.test");
            DnsClient client = DnsClient.configured(dns.resolverSetting(), TIMEOUT);

            long took = millis(() -> assertThatThrownBy(() -> client.answer("late.dns.test", Type.A))
                    .isInstanceOf(DnsClient.DnsException.class));

            // one query, one timeout: ExecutorSettings.lookupBound counts each query as one io timeout
            assertThat(took).isLessThan(TIMEOUT.toMillis() + 300);
        }
    }

    @Test
    void aCnameLoopEndsAfterTheQueriesOfOneLookup() {
        try (DnsResponder dns = new DnsResponder("127.0.152.2")) {
            dns.cname("a.loop.dns.test", "b.loop.dns.test").cname("b.loop.dns.test", "a.loop.dns.test");
            DnsClient client = DnsClient.configured(dns.resolverSetting(), TIMEOUT);

            assertThatThrownBy(() -> client.answer("a.loop.dns.test", Type.A)).isInstanceOf(DnsClient.DnsException.class)
                    .hasMessageContaining("CNAME loop");
            assertThat(dns.queries.get()).isEqualTo(DnsClient.MAX_QUERIES_PER_LOOKUP);
        }
    }

    @Test
    void anAnswerWithAnotherQuerysIdIsNotTaken() {
        try (DnsResponder dns = new DnsResponder("127.0.152.3")) {
            dns.a("spoofed.dns.test", "127.0.153.1");
            dns.hostileUdp("spoofed.dns.test", Duration.ZERO, answer -> {
                answer.getHeader().setID((answer.getHeader().getID() + 1) & 0xffff);
                return answer;
            });
            DnsClient client = DnsClient.configured(dns.resolverSetting(), TIMEOUT);

            assertThatThrownBy(() -> client.answer("spoofed.dns.test", Type.A)).isInstanceOf(DnsClient.DnsException.class);
        }
    }

    @Test
    void recordsOfAnotherNameInTheAnswerAreNotTakenForTheNameAsked() throws Exception {
        try (DnsResponder dns = new DnsResponder("127.0.152.4")) {
            dns.a("asked.dns.test", "127.0.153.1");
            ARecord other = new ARecord(DnsResponder.name("other.dns.test"), DClass.IN, 60,
                    InetAddress.getByAddress(Loopback.bytes("127.0.153.2")));
            dns.hostileUdp("asked.dns.test", Duration.ZERO, answer -> {
                Message lie = DnsResponder.reply(answer);
                lie.addRecord(other, Section.ANSWER);
                return lie;
            });
            DnsClient client = DnsClient.configured(dns.resolverSetting(), TIMEOUT);

            assertThat(client.answer("asked.dns.test", Type.A).records()).isEmpty();
        }
    }

    /** A name server at {@code address} on the responder's port that answers any AXFR with {@code transfer}. */
    private interface Transfer {
        void send(DataOutputStream out, Message query) throws IOException, InterruptedException;
    }

    private static RawPeer nameServer(DnsResponder dns, String address, Transfer transfer) {
        return new RawPeer(address, dns.port(), client -> {
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] wire = new byte[in.readUnsignedShort()];
            in.readFully(wire);
            transfer.send(new DataOutputStream(new BufferedOutputStream(client.getOutputStream())), new Message(wire));
        });
    }

    private static void frame(DataOutputStream out, Message message) throws IOException {
        byte[] bytes = message.toWire();
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    private static org.xbill.DNS.SOARecord soa(String zone) {
        return new org.xbill.DNS.SOARecord(DnsResponder.name(zone), DClass.IN, 60, DnsResponder.name("ns1." + zone),
                DnsResponder.name("admin." + zone), 1, 60, 60, 60, 60);
    }

    private static Message records(Message query, String owner, int count) throws IOException {
        Message message = DnsResponder.reply(query);
        for (int i = 0; i < count; i++) {
            message.addRecord(new ARecord(DnsResponder.name("h" + i + "." + owner), DClass.IN, 60,
                    InetAddress.getByAddress(new byte[] {127, 0, (byte) (i >> 8), (byte) i})), Section.ANSWER);
        }
        return message;
    }

    /** A transfer that opens {@code zone} with its SOA and then sends records owned by {@code owner}, without end. */
    private static Transfer endless(String zone, String owner) {
        return (out, query) -> {
            Message first = DnsResponder.reply(query);
            first.addRecord(soa(zone), Section.ANSWER);
            frame(out, first);
            Message more = records(query, owner, 200);
            while (true) {
                frame(out, more);
            }
        };
    }

    @Test
    void aZoneTransferThatNeverEndsStopsAtTheRecordCapOrTheConnectionsLifetime() {
        Transfer endlessZone = endless("endless.axfr.test", "endless.axfr.test");
        // records of another zone forever: none counts, so only the lifetime ends it
        Transfer endlessElsewhere = endless("elsewhere.axfr.test", "victim.example");
        // a length prefix of 65535, then a few bytes, then silence
        Transfer stalled = (out, query) -> {
            out.writeShort(0xffff);
            out.write(new byte[100]);
            out.flush();
            Thread.sleep(60_000);
        };
        try (DnsResponder dns = new DnsResponder("127.0.156.100");
             RawPeer zone = nameServer(dns, "127.0.156.1", endlessZone);
             RawPeer elsewhere = nameServer(dns, "127.0.156.2", endlessElsewhere);
             RawPeer stall = nameServer(dns, "127.0.156.3", stalled)) {
            dns.ns("endless.axfr.test", "ns.endless.axfr.test").a("ns.endless.axfr.test", "127.0.156.1")
                    .ns("elsewhere.axfr.test", "ns.elsewhere.axfr.test").a("ns.elsewhere.axfr.test", "127.0.156.2")
                    .ns("stall.axfr.test", "ns.stall.axfr.test").a("ns.stall.axfr.test", "127.0.156.3");
            Harness harness = new Harness(dns).probing(8, Duration.ofMillis(300), Duration.ofMillis(300))
                    .scope(List.of("endless.axfr.test", "ns.endless.axfr.test", "elsewhere.axfr.test", "ns.elsewhere.axfr.test",
                            "stall.axfr.test", "ns.stall.axfr.test"), List.of(), List.of());
            RecordingReporter reporter = new RecordingReporter();
            long start = System.nanoTime();

            var outcome = harness.run(Rules.DNS_AXFR, reporter);

            // 3 x the io timeout at most per transfer (they run side by side), and a few lookups
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(reporter.findings).singleElement().satisfies(f -> {
                assertThat(f.target().host()).isEqualTo("ns.endless.axfr.test");
                assertThat(f.evidence()).containsEntry("records_received", ZoneTransferCheck.MAX_RECORDS);
                assertThat((List<?>) f.evidence().get("first_records")).hasSize(20);
            });
            assertThat(outcome.counts()).containsEntry("transfers_attempted", 3L).containsEntry("transfers_unproven", 1L)
                    .containsEntry("transfers_refused", 1L);
        }
    }
}
