package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewScopeTest {
    private final PreviewScope preview = new PreviewScope(PlatformDenyList.of(false));

    /** {@code allowLargeScope} first, so each call reads as the engagement it previews. */
    private ScopePreview preview(boolean allowLargeScope, ScopeInput scope) {
        return preview.execute(scope, allowLargeScope);
    }

    private static ScopeInput scope(List<String> domains, List<String> cidrs, List<String> excluded) {
        return new ScopeInput(domains, cidrs, excluded, "safe_active", List.of());
    }

    @Test
    void aRangeCountsItsAddressesMinusNestedAndDuplicatedExclusions() {
        ScopePreview p = preview(false, scope(List.of(), List.of("10.0.0.0/24", "10.1.0.0/16"),
                List.of("10.0.0.0/28", "10.0.0.8/29", "10.0.0.200/32", "192.168.0.0/16")));

        ScopePreview.Range first = p.ranges().get(0);
        assertThat(first.addresses()).isEqualTo(BigInteger.valueOf(256));
        // 10.0.0.8/29 lies inside 10.0.0.0/28, so it removes nothing more
        assertThat(first.excludedAddresses()).isEqualTo(BigInteger.valueOf(17));
        assertThat(first.excludedBy()).containsExactly("10.0.0.0/28", "10.0.0.8/29", "10.0.0.200/32");
        assertThat(first.testableAddresses()).isEqualTo(BigInteger.valueOf(239));
        assertThat(p.ranges().get(1).excludedAddresses()).isZero();
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(239 + 65536));
    }

    @Test
    void anExclusionThatCoversTheWholeRangeLeavesNothing() {
        ScopePreview p = preview(false, scope(List.of(), List.of("10.0.0.0/24"), List.of("10.0.0.0/16")));
        assertThat(p.ranges().get(0).testableAddresses()).isZero();
        assertThat(p.testableAddresses()).isZero();
    }

    @Test
    void theDenyListRefusesLinkLocalLoopbackAndMappedSpellings() {
        ScopePreview p = preview(false, scope(List.of(), List.of("169.254.169.254/32", "127.0.0.0/24", "::ffff:169.254.0.0/120",
                "10.0.0.0/30"), List.of()));
        assertThat(p.ranges()).extracting(ScopePreview.Range::deniedBy)
                .containsExactly("platform.link_local", "platform.loopback", "platform.link_local", null);
        assertThat(p.ranges().get(1).deniedAddresses()).isEqualTo(BigInteger.valueOf(256));
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void anIpv6RangeThatHoldsEmbeddedIpv4AddressesLosesThemAndAMappedOneIsItsIpv4Range() {
        ScopePreview p = preview(false, scope(List.of(), List.of("64:ff9b::/48", "::ffff:10.0.0.0/120"), List.of()));
        assertThat(p.ranges()).extracting(ScopePreview.Range::cidr).containsExactly("64:ff9b::/48", "10.0.0.0/24");
        assertThat(p.ranges().get(0).deniedBy()).isEqualTo("platform.ipv4_embedded");
        assertThat(p.ranges().get(0).deniedAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(32));
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(80).subtract(BigInteger.ONE.shiftLeft(32)).add(BigInteger.valueOf(256)));
    }

    @Test
    void loopbackIsTestableWhereTheOperatorAllowsIt() {
        ScopePreview p = new PreviewScope(PlatformDenyList.of(true)).execute(scope(List.of(), List.of("127.0.0.0/30"), List.of()), false);
        assertThat(p.ranges().get(0).deniedBy()).isNull();
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void aRangeLosesEveryDenyListRangeItOverlapsEachNamedWithItsCount() {
        // 192.0.0.0/2 is 192-255: multicast 224/4, reserved 240/4, and the broadcast address inside reserved
        ScopePreview.Range range = preview(true, scope(List.of(), List.of("192.0.0.0/2"), List.of())).ranges().get(0);
        assertThat(range.denials()).containsExactly(
                new ScopePreview.Denial("platform.multicast", "224.0.0.0/4", BigInteger.ONE.shiftLeft(28)),
                new ScopePreview.Denial("platform.broadcast", "255.255.255.255/32", BigInteger.ONE),
                new ScopePreview.Denial("platform.reserved", "240.0.0.0/4", BigInteger.ONE.shiftLeft(28)));
        assertThat(range.deniedBy()).isEqualTo("platform.multicast");
        assertThat(range.deniedAddresses()).as("the union: broadcast lies inside reserved").isEqualTo(BigInteger.ONE.shiftLeft(29));
        assertThat(range.testableAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(29));

        ScopePreview.Range top = preview(true, scope(List.of(), List.of("224.0.0.0/3"), List.of())).ranges().get(0);
        assertThat(top.testableAddresses()).as("multicast and reserved are all of it").isZero();

        // an exclusion and a denial that cover the same addresses remove them once
        ScopePreview.Range both = preview(true, scope(List.of(), List.of("192.0.0.0/2"), List.of("240.0.0.0/5"))).ranges().get(0);
        assertThat(both.excludedAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(27));
        assertThat(both.testableAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(29));
    }

    @Test
    void aWideIpv6RangeLosesEachEmbeddingRangeItHolds() {
        ScopePreview.Range range = preview(true, scope(List.of(), List.of("2000::/3"), List.of())).ranges().get(0);
        assertThat(range.denials()).extracting(ScopePreview.Denial::cidr).containsExactly("2002::/16", "2001::/32");
        assertThat(range.deniedAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(112).add(BigInteger.ONE.shiftLeft(96)));
    }

    @Test
    void theLimitsOfDeclaringAnEngagementApplyAsTheyDoThere() {
        for (String everything : List.of("0.0.0.0/0", "::ffff:0:0/96", "::/0")) {
            for (boolean allow : List.of(false, true)) {
                assertThatThrownBy(() -> preview(allow, scope(List.of(), List.of(everything), List.of())))
                        .as(everything).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            assertThat(e.kind()).isEqualTo(InvalidInputException.Kind.UNPROCESSABLE);
                            assertThat(e.errors().get(0).field()).isEqualTo("in_scope_cidrs[0]");
                            assertThat(e.errors().get(0).message()).contains("covers every address");
                        });
            }
        }
        assertThatThrownBy(() -> preview(false, scope(List.of(), List.of("10.0.0.0/24", "10.0.0.0/8"), List.of())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("in_scope_cidrs[1]");
                    assertThat(e.errors().get(0).message()).contains("allow_large_scope");
                });
        assertThat(preview(true, scope(List.of(), List.of("10.0.0.0/8"), List.of())).testableAddresses())
                .isEqualTo(BigInteger.ONE.shiftLeft(24));
        assertThatThrownBy(() -> preview(true, scope(List.of(), List.of("64:ff9b::/96"), List.of())))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors().get(0).message()).contains("NAT64"));
    }

    @Test
    void aDomainNamesTheOutOfScopePatternThatExcludesIt() {
        ScopePreview p = preview(false, scope(List.of("example.com", "*.example.org", "intranet.example.com"), List.of(),
                List.of("intranet.example.com", "*.example.org")));
        assertThat(p.domains()).extracting(ScopePreview.Domain::excludedBy)
                .containsExactly(null, "*.example.org", "intranet.example.com");
    }

    @Test
    void aMalformedScopeIsRefusedWithTheSameErrorsAsDeclaringIt() {
        assertThatThrownBy(() -> preview(false, scope(List.of(), List.of("10.0.0.1/24"), List.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("did you mean 10.0.0.0/24");
    }
}
