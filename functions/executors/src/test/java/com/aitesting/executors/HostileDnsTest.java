package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.executors.net.DnsClient;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
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
                    java.net.InetAddress.getByAddress(Loopback.bytes("127.0.153.2")));
            dns.hostileUdp("asked.dns.test", Duration.ZERO, answer -> {
                Message lie = DnsResponder.reply(answer);
                lie.addRecord(other, org.xbill.DNS.Section.ANSWER);
                return lie;
            });
            DnsClient client = DnsClient.configured(dns.resolverSetting(), TIMEOUT);

            assertThat(client.answer("asked.dns.test", Type.A).records()).isEmpty();
        }
    }
}
