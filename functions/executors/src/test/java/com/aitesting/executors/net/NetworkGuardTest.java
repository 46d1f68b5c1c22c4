package com.aitesting.executors.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.TestingWindows;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The guard's rules, decided on addresses (no connection is made: refused targets never reach connect). */
class NetworkGuardTest {
    private final List<ScopeRefusal> refusals = new CopyOnWriteArrayList<>();

    private NetworkGuard guard(List<String> cidrs, List<String> out, boolean allowLoopback) {
        Scope scope = new Scope(List.of(HostPattern.parse("app.example.test")), cidrs.stream().map(Cidr::parse).toList(),
                out.stream().map(ScopeEntry::parse).toList(), RiskTier.SAFE_ACTIVE, new TestingWindows(List.of()));
        // No lookup reaches this resolver in these tests: names are refused before resolution.
        DnsClient dns = new DnsClient(new InetSocketAddress(Addresses.literal("127.0.0.1").orElseThrow(), 1), Duration.ofMillis(200));
        return new NetworkGuard(scope, new GuardSettings(allowLoopback, 0, 100), dns, refusals::add, new StopSignal());
    }

    /** A scope of 10.0.0.0/8 on a platform that runs in 10.0.0.0/16 (SCAN_DENY_CIDRS). */
    private NetworkGuard ownNetworkGuard() {
        Scope scope = new Scope(List.of(), List.of(Cidr.parse("10.0.0.0/8")), List.of(), RiskTier.SAFE_ACTIVE,
                new TestingWindows(List.of()));
        DnsClient dns = new DnsClient(new InetSocketAddress(Addresses.literal("127.0.0.1").orElseThrow(), 1), Duration.ofMillis(200));
        return new NetworkGuard(scope, new GuardSettings(false, 0, 100, List.of(Cidr.parse("10.0.0.0/16"))),
                dns, refusals::add, new StopSignal());
    }

    @Test
    void thePlatformsOwnNetworkIsDeniedEvenToAScopeThatNamesIt() {
        NetworkGuard guard = ownNetworkGuard();

        assertThat(guard.targets("10.0.3.4")).isEmpty();
        assertThat(guard.targets("::ffff:10.0.3.4")).isEmpty();
        assertThat(guard.targets("10.1.0.5")).as("the rest of the scope").hasSize(1);
        assertThat(guard.blockedCount()).isEqualTo(2);
        // the mapped spelling is the same address on the wire: one scope.blocked event names both
        assertThat(refusals).extracting(ScopeRefusal::rule).containsOnly("platform.own_network");
    }

    @Test
    void aPortNoSocketCanNameIsRefusedByTheGuardNotThrown() {
        NetworkGuard guard = guard(List.of("127.0.0.0/8"), List.of(), true);
        Target target = guard.targets("127.0.0.1").getFirst();
        for (int port : new int[] {0, -1, 65_536, 99_999}) {
            assertThat(guard.probe(target, port, Duration.ofMillis(200))).as("port %d", port).isEqualTo(PortState.BLOCKED);
            assertThat(guard.open(target, port, Duration.ofMillis(200), Duration.ofSeconds(1)).state()).isEqualTo(PortState.BLOCKED);
        }
        assertThat(refusals).extracting(ScopeRefusal::rule).containsOnly(NetworkGuard.INVALID_PORT);
        assertThat(guard.connectCount()).as("nothing was attempted").isZero();
    }

    @Test
    void thePlatformDenyListWinsOverATenantScopeThatContainsIt() {
        NetworkGuard guard = guard(List.of("0.0.0.0/0", "::/0"), List.of(), false);
        for (String address : List.of("169.254.169.254", "169.254.0.1", "224.0.0.1", "239.255.255.250", "255.255.255.255",
                "0.0.0.0", "127.0.0.1", "127.1.2.3", "::1", "fe80::1", "ff02::1", "::", "fd00:ec2::254", "::ffff:169.254.169.254")) {
            assertThat(guard.targets(address)).as(address).isEmpty();
        }
        assertThat(refusals).extracting(ScopeRefusal::rule).containsExactly("platform.link_local", "platform.link_local",
                "platform.multicast", "platform.multicast", "platform.broadcast", "platform.unspecified", "platform.loopback",
                "platform.loopback", "platform.loopback", "platform.link_local", "platform.multicast", "platform.unspecified",
                "platform.link_local");
        // ::ffff:169.254.169.254 is 169.254.169.254 on the wire: refused and counted, reported once with the first
        assertThat(guard.blockedCount()).isEqualTo(14);
    }

    @Test
    void anIpv6AddressThatEmbedsAnIpv4AddressIsDeniedAsThatIpv4Address() {
        NetworkGuard guard = guard(List.of("0.0.0.0/0", "::/0"), List.of(), false);
        // the metadata service through NAT64 (what DNS64 answers), IPv4-compatible and 6to4; loopback through NAT64
        for (String address : List.of("64:ff9b::a9fe:a9fe", "::a9fe:a9fe", "2002:a9fe:a9fe::1", "64:ff9b::7f00:1")) {
            assertThat(guard.targets(address)).as(address).isEmpty();
        }
        // Teredo and local-use NAT64 carry no IPv4 address at a fixed place: denied outright
        for (String address : List.of("2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b:1::a00:5")) {
            assertThat(guard.targets(address)).as(address).isEmpty();
        }
        assertThat(refusals).extracting(ScopeRefusal::rule).containsExactly("platform.link_local", "platform.link_local",
                "platform.link_local", "platform.loopback", "platform.ipv4_embedded", "platform.ipv4_embedded");
    }

    @Test
    void thePlatformsOwnNetworkIsDeniedThroughNat64Too() {
        NetworkGuard guard = ownNetworkGuard();

        assertThat(guard.targets("64:ff9b::a00:304")).isEmpty();
        assertThat(guard.targets("64:ff9b::a01:5")).as("10.1.0.5: the rest of the scope").hasSize(1);
        assertThat(refusals).extracting(ScopeRefusal::rule).containsExactly("platform.own_network");
    }

    @Test
    void onlyTheIpv4ScopeAdmitsAnEmbeddedAddressSoAnIpv6EntryCannotWidenIt() {
        NetworkGuard guard = guard(List.of("10.0.0.0/24", "::/0"), List.of("10.0.0.128/25"), false);
        assertThat(guard.targets("64:ff9b::a00:5")).as("10.0.0.5 through NAT64").hasSize(1);
        assertThat(guard.targets("2002:a00:5::1")).as("10.0.0.5 through 6to4").hasSize(1);
        assertThat(guard.targets("::a00:5")).as("10.0.0.5, IPv4-compatible").hasSize(1);
        assertThat(guard.targets("2001:db8::1")).as("plain IPv6 in ::/0").hasSize(1);
        assertThat(guard.targets("64:ff9b::808:808")).as("8.8.8.8 is not in the IPv4 scope, whatever ::/0 says").isEmpty();
        assertThat(guard.targets("2002:808:808::1")).isEmpty();
        assertThat(guard.targets("64:ff9b::a00:c8")).as("10.0.0.200 is out of scope").isEmpty();
        assertThat(refusals).extracting(ScopeRefusal::rule).containsExactly("not_in_scope", "not_in_scope", "out_of_scope");
    }

    @Test
    void loopbackIsAllowedOnlyWhenThePlatformSaysSoAndThenOnlyInScope() {
        assertThat(guard(List.of("127.0.0.0/8"), List.of(), true).targets("127.0.0.5")).hasSize(1);
        assertThat(guard(List.of("::1/128"), List.of(), true).targets("::1")).as("::1 is loopback, not an embedding").hasSize(1);
        assertThat(guard(List.of("127.0.0.0/24"), List.of(), true).targets("127.0.1.5")).isEmpty();
        assertThat(refusals).extracting(ScopeRefusal::rule).containsExactly("not_in_scope");
    }

    @Test
    void outOfScopeWinsOverAnInScopeRangeByAddressAndByName() {
        NetworkGuard guard = guard(List.of("10.0.0.0/24"), List.of("10.0.0.128/25", "admin.example.test"), false);
        assertThat(guard.targets("10.0.0.5")).hasSize(1);
        assertThat(guard.targets("10.0.0.200")).isEmpty();
        assertThat(guard.targets("admin.example.test")).isEmpty();
        assertThat(guard.targets("other.example.test")).isEmpty();
        assertThat(refusals).containsExactly(new ScopeRefusal("10.0.0.200", "10.0.0.200", "out_of_scope"),
                new ScopeRefusal("admin.example.test", null, "out_of_scope"),
                new ScopeRefusal("other.example.test", null, "not_in_scope"));
    }

    @Test
    void anUnresolvableInScopeNameIsAReportedRefusal() {
        NetworkGuard guard = guard(List.of("10.0.0.0/24"), List.of(), false);
        assertThat(guard.targets("app.example.test")).isEmpty();
        assertThat(refusals).containsExactly(new ScopeRefusal("app.example.test", null, "unresolvable"));
    }

    @Test
    void repeatedRefusalsAreCountedEachTimeButReportedOnce() {
        NetworkGuard guard = guard(List.of("10.0.0.0/24"), List.of(), false);
        for (int i = 0; i < 5; i++) {
            guard.targets("10.9.9.9");
        }
        assertThat(guard.blockedCount()).isEqualTo(5);
        assertThat(refusals).hasSize(1);
    }
}
