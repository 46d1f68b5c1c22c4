package com.aitesting.executors;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StopSignal;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.Scope;
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
 * Behind DNS64, in-scope names resolve to NAT64 addresses (64:ff9b::a.b.c.d): the guard admits them as the name's
 * addresses and denies them as the IPv4 address they reach. Only the loopback resolver is queried; nothing connects.
 */
class Dns64GuardTest {

    @Test
    void aNat64AnswerIsAdmittedForAnInScopeNameAndDeniedByTheIpv4AddressItReaches() {
        List<ScopeRefusal> refusals = new CopyOnWriteArrayList<>();
        try (DnsResponder dns = new DnsResponder("127.0.80.64")) {
            dns.aaaa("app.dns64.test", "64:ff9b::cb00:7107")        // 203.0.113.7
                    .aaaa("meta.dns64.test", "64:ff9b::a9fe:a9fe")  // 169.254.169.254, the metadata service
                    .aaaa("own.dns64.test", "64:ff9b::a00:5")       // 10.0.0.5, the platform's own network
                    .aaaa("teredo.dns64.test", "2001:0:4136:e378:8000:63bf:3fff:fdd2");
            Scope scope = new Scope(List.of(HostPattern.parse("*.dns64.test")), List.of(), List.of(), RiskTier.SAFE_ACTIVE,
                    new TestingWindows(List.of()));
            NetworkGuard guard = new NetworkGuard(scope, new GuardSettings(false, 0, 100, List.of(Cidr.parse("10.0.0.0/16"))),
                    DnsClient.configured(dns.resolverSetting(), Duration.ofSeconds(2)), refusals::add,
                    new StopSignal());

            assertThat(guard.targets("app.dns64.test")).extracting(Target::addressText).containsExactly("64:ff9b::cb00:7107");
            assertThat(guard.targets("meta.dns64.test")).isEmpty();
            assertThat(guard.targets("own.dns64.test")).isEmpty();
            assertThat(guard.targets("teredo.dns64.test")).isEmpty();
        }
        assertThat(refusals).extracting(ScopeRefusal::rule)
                .containsExactly("platform.link_local", "platform.own_network", "platform.ipv4_embedded");
    }
}
