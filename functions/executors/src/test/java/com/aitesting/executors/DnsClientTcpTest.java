package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.executors.net.DnsClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Answers too big for UDP are asked again over TCP, each on a connection of its own: a name server that drips
 * one answer holds only that lookup (bounded by the timeout), never the others. Responder on loopback.
 */
class DnsClientTcpTest {

    @Test
    void aDrippingTcpAnswerHoldsOnlyItsOwnLookup() throws Exception {
        try (DnsResponder dns = new DnsResponder("127.0.83.1")) {
            for (int i = 1; i <= 60; i++) { // 60 A records: more than 512 bytes, so truncated over UDP
                dns.a("slow.tcp.test", "127.0.84." + i).a("fast.tcp.test", "127.0.85." + i);
            }
            dns.dripOverTcp("slow.tcp.test");
            DnsClient client = DnsClient.configured(dns.resolverSetting(), Duration.ofSeconds(3));

            // on a virtual thread, as the executors look names up (a blocked common-pool worker would also hold
            // back dnsjava's own completions, a test artefact)
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.resolve("slow.tcp.test");
                } catch (DnsClient.DnsException e) {
                    return e;
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            Thread.sleep(300); // the slow answer is dripping now
            var fast = client.resolve("fast.tcp.test");

            assertThat(fast.addresses()).hasSize(60).contains(InetAddress.getByName("127.0.85.60"));
            assertThat(slow).as("the fast lookup did not wait for the slow one").isNotDone();
            assertThat(slow.get()).as("the drip outlasts the timeout").isInstanceOf(DnsClient.DnsException.class);
        }
    }

    @Test
    void aTcpAnswerThatStopsMidwayIsAFailedLookup() {
        try (DnsResponder dns = new DnsResponder("127.0.83.2")) {
            for (int i = 1; i <= 60; i++) {
                dns.a("slow.tcp.test", "127.0.84." + i);
            }
            dns.dripOverTcp("slow.tcp.test");
            DnsClient client = DnsClient.configured(dns.resolverSetting(), Duration.ofMillis(800));

            assertThatThrownBy(() -> client.resolve("slow.tcp.test")).isInstanceOf(DnsClient.DnsException.class)
                    .hasMessageContaining("no answer from the resolver");
        }
    }
}
