package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.TestingWindows;
import com.aitesting.executors.net.DnsClient;
import com.aitesting.executors.net.GuardSettings;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a resolved name may reach, answered by a responder on loopback. An out_of_scope name is the host it
 * names however it is reached: an in-scope name whose CNAME chain goes through it is refused, before any
 * connection; a chain through names the scope does not mention stays allowed (what an in-scope name resolves
 * to is in scope). And one name stands for a bounded number of addresses.
 */
class ResolvedNameGuardTest {
    private final List<ScopeRefusal> refusals = new CopyOnWriteArrayList<>();

    @Test
    void aChainThroughAnExcludedNameIsRefusedAndAnyOtherChainIsFollowed() {
        try (DnsResponder dns = new DnsResponder("127.0.81.1")) {
            dns.cname("www.chain.test", "admin.chain.test").a("admin.chain.test", "127.0.81.31");
            dns.cname("deep.chain.test", "hop.cdn.test").cname("hop.cdn.test", "ADMIN.chain.test");
            dns.cname("cdn.chain.test", "edge.cdn.test").a("edge.cdn.test", "127.0.81.32");
            NetworkGuard guard = guard(dns, List.of("admin.chain.test"));

            assertThat(guard.targets("www.chain.test")).isEmpty();
            assertThat(guard.targets("deep.chain.test")).isEmpty();
            assertThat(refusals).containsExactly(new ScopeRefusal("admin.chain.test", null, "out_of_scope"));

            List<Target> viaCdn = guard.targets("cdn.chain.test");
            assertThat(viaCdn).extracting(Target::addressText).containsExactly("127.0.81.32");
            assertThat(viaCdn).extracting(Target::host).containsExactly("cdn.chain.test");
        }
    }

    @Test
    void aNameStandsForAtMost32AddressesAndTheRestIsAReportedRefusal() {
        try (DnsResponder dns = new DnsResponder("127.0.81.2")) {
            for (int i = 1; i <= 200; i++) {
                dns.a("many.chain.test", "127.0.82." + i);
            }
            List<Target> targets = guard(dns, List.of()).targets("many.chain.test");

            assertThat(targets).hasSize(NetworkGuard.MAX_ADDRESSES_PER_NAME);
            assertThat(refusals).containsExactly(new ScopeRefusal("many.chain.test", null, NetworkGuard.ADDRESS_LIMIT));
        }
    }

    private NetworkGuard guard(DnsResponder dns, List<String> outOfScope) {
        Scope scope = new Scope(List.of(HostPattern.parse("*.chain.test")), List.<Cidr>of(),
                outOfScope.stream().map(ScopeEntry::parse).toList(), RiskTier.SAFE_ACTIVE, new TestingWindows(List.of()));
        return new NetworkGuard(scope, new GuardSettings(true, 0, 100),
                DnsClient.configured(dns.resolverSetting(), Duration.ofSeconds(2)), refusals::add, new StopSignal());
    }
}
