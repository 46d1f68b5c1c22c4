package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.TestingWindows;
import com.aitesting.executors.net.DnsClient;
import com.aitesting.executors.net.GuardSettings;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;

/**
 * The guard connects to exactly the address it checked, whatever the JVM's proxy settings say: a default
 * ProxySelector (set by a library, or by -DsocksProxyHost in JAVA_TOOL_OPTIONS) must not turn a probe into a
 * connection to somewhere the scope never named. The "proxy" here is an out-of-scope loopback listener that counts.
 */
class JvmProxySettingsTest {
    private static final String IN_SCOPE = "127.0.90.1";
    private static final String PROXY = "127.0.90.9";

    private final ProxySelector original = ProxySelector.getDefault();

    @AfterEach
    void restoreTheSelector() {
        ProxySelector.setDefault(original);
    }

    private static void everythingThrough(int proxyPort) {
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress(PROXY, proxyPort)));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        });
    }

    @Test
    void aProbeAndAnOpenedConnectionGoStraightToTheCheckedAddress() throws Exception {
        try (Loopback loopback = new Loopback()) {
            Loopback.Listener target = loopback.listen(IN_SCOPE, 0);
            Loopback.Listener proxy = loopback.listen(PROXY, 0);
            Scope scope = new Scope(List.of(), List.of(Cidr.parse(IN_SCOPE + "/32")), List.of(), RiskTier.SAFE_ACTIVE,
                    new TestingWindows(List.of()));
            DnsClient unused = DnsClient.configured("127.0.90.53", Duration.ofMillis(200)); // names are never looked up here
            NetworkGuard guard = new NetworkGuard(scope, new GuardSettings(true, 0, 100), unused, refusal -> {}, new StopSignal());
            Target checked = guard.targets(IN_SCOPE).getFirst();
            everythingThrough(proxy.port);

            assertThat(guard.probe(checked, target.port, Duration.ofSeconds(1))).isEqualTo(PortState.OPEN);
            NetworkGuard.Opened opened = guard.open(checked, target.port, Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertThat(opened.state()).isEqualTo(PortState.OPEN);
            opened.connection().close();

            awaitAccepted(target, 2);
            assertThat(proxy.accepted.get()).as("connections sent to the JVM's proxy").isZero();
        }
    }

    @Test
    void theDnsTcpRetryGoesStraightToTheResolver() throws Exception {
        try (DnsResponder dns = new DnsResponder("127.0.90.53"); Loopback loopback = new Loopback()) {
            Loopback.Listener proxy = loopback.listen(PROXY, 0);
            dns.a("tc.proxy.test", IN_SCOPE);
            dns.hostileUdp("tc.proxy.test", Duration.ZERO, answer -> {
                answer.getHeader().setFlag(Flags.TC); // truncated: the client asks again over TCP
                return answer;
            });
            DnsClient client = DnsClient.configured(dns.resolverSetting(), Duration.ofSeconds(2));
            everythingThrough(proxy.port);

            assertThat(client.resolve("tc.proxy.test").addresses()).extracting(a -> a.getHostAddress()).containsExactly(IN_SCOPE);
            assertThat(proxy.accepted.get()).as("connections sent to the JVM's proxy").isZero();
        }
    }

    private static void awaitAccepted(Loopback.Listener listener, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (listener.accepted.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(listener.accepted.get()).as("connections the checked address accepted").isEqualTo(count);
    }
}
