package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void normalisesAndDeduplicatesEntries() {
        Scope scope = Scope.parse(new ScopeInput(List.of("Example.com", "example.com."), List.of("10.0.0.0/24", "10.0.0.0/24"),
                List.of("10.0.0.7", "admin.example.com", "192.168.0.0/16"), "safe_active", null));
        assertThat(scope.inScopeDomains()).extracting(HostPattern::text).containsExactly("example.com");
        assertThat(scope.inScopeCidrs()).extracting(Cidr::text).containsExactly("10.0.0.0/24");
        assertThat(scope.outOfScope()).extracting(ScopeEntry::text).containsExactly("10.0.0.7/32", "admin.example.com", "192.168.0.0/16");
        assertThat(scope.targetKinds()).containsExactlyInAnyOrder(TargetKind.CIDR, TargetKind.DOMAIN);
        assertThat(scope.windows().windows()).isEmpty();
    }

    @Test
    void reportsEveryBadEntryUnderItsPath() {
        assertThatThrownBy(() -> Scope.parse(new ScopeInput(List.of("ok.example.com", "bad host"), List.of("10.0.0.0/24", "10.0.0.1/24"),
                List.of("*.x.*"), "reckless", List.of(new WindowInput("weekly", "22:00", "06:00", List.of("mon"), "Mars/Olympus")))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting(FieldError::field).containsExactly(
                        "in_scope_domains[1]", "in_scope_cidrs[1]", "out_of_scope[0]", "risk_tier", "windows[0].time_zone"));
    }

    @Test
    void needsAtLeastOneInScopeEntry() {
        assertThatThrownBy(() -> Scope.parse(new ScopeInput(List.of(), null, List.of("10.0.0.0/8"), "passive", List.of())))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE));
    }

    @Test
    void allowsTargetsInScopeAndNotExcluded() {
        Scope scope = Scope.parse(new ScopeInput(List.of("*.example.com"), List.of("10.0.0.0/24"),
                List.of("10.0.0.128/25", "admin.example.com"), "active", List.of()));
        assertThat(scope.allowsHost("www.example.com")).isTrue();
        assertThat(scope.allowsHost("admin.example.com")).isFalse();
        assertThat(scope.allowsHost("example.org")).isFalse();
        assertThat(scope.allowsRange(Cidr.parse("10.0.0.5"))).isTrue();
        assertThat(scope.allowsRange(Cidr.parse("10.0.0.200"))).isFalse();
        assertThat(scope.allowsRange(Cidr.parse("10.0.1.1"))).isFalse();
    }

    @Test
    void aMappedExclusionExcludesTheIpv4AddressItSpells() {
        // ::ffff:127.0.0.2 is 127.0.0.2 on the wire; kept as an IPv6 range it never matched the IPv4 target
        Scope scope = Scope.parse(new ScopeInput(List.of(), List.of("::ffff:127.0.0.0/120"), List.of("::ffff:127.0.0.2/128"),
                "active", List.of()));
        assertThat(scope.inScopeCidrs()).extracting(Cidr::text).containsExactly("127.0.0.0/24");
        assertThat(scope.outOfScope()).extracting(ScopeEntry::text).containsExactly("127.0.0.2/32");
        assertThat(scope.allowsRange(Cidr.parse("127.0.0.2"))).isFalse();
        assertThat(scope.allowsRange(Cidr.parse("127.0.0.3"))).isTrue();
    }

    @Test
    void theRateLimitDefaultsToAConservativeValueAndIsBounded() {
        Scope defaulted = Scope.parse(new ScopeInput(List.of("example.com"), List.of(), List.of(), "passive", List.of()));
        assertThat(defaulted.rateLimit()).isEqualTo(RateLimit.DEFAULT).isEqualTo(100);
        assertThat(Scope.parse(new ScopeInput(List.of("example.com"), List.of(), List.of(), "passive", List.of(), 2000)).rateLimit())
                .isEqualTo(2000);
        for (int bad : new int[] {0, -5, 10_001, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> Scope.parse(new ScopeInput(List.of("example.com"), List.of(), List.of(), "passive", List.of(), bad)))
                    .as("rate_limit %d", bad)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                        assertThat(e.errors()).extracting(FieldError::field).containsExactly("rate_limit");
                    });
        }
    }
}
