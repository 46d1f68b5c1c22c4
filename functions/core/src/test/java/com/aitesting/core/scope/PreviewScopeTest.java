package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewScopeTest {
    private final PreviewScope preview = new PreviewScope(PlatformDenyList.of(false));

    private static ScopeInput scope(List<String> domains, List<String> cidrs, List<String> excluded) {
        return new ScopeInput(domains, cidrs, excluded, "safe_active", List.of());
    }

    @Test
    void aRangeCountsItsAddressesMinusNestedAndDuplicatedExclusions() {
        ScopePreview p = preview.execute(scope(List.of(), List.of("10.0.0.0/24", "10.1.0.0/16"),
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
        ScopePreview p = preview.execute(scope(List.of(), List.of("10.0.0.0/24"), List.of("10.0.0.0/16")));
        assertThat(p.ranges().get(0).testableAddresses()).isZero();
        assertThat(p.testableAddresses()).isZero();
    }

    @Test
    void theDenyListRefusesLinkLocalLoopbackAndMappedSpellings() {
        ScopePreview p = preview.execute(scope(List.of(), List.of("169.254.169.254/32", "127.0.0.0/24", "::ffff:169.254.0.0/120",
                "10.0.0.0/30"), List.of()));
        assertThat(p.ranges()).extracting(ScopePreview.Range::deniedBy)
                .containsExactly("platform.link_local", "platform.loopback", "platform.link_local", null);
        assertThat(p.ranges().get(1).deniedAddresses()).isEqualTo(BigInteger.valueOf(256));
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void anIpv6RangeOfEmbeddedIpv4AddressesLeavesNothingToTestAndAMappedOneIsItsIpv4Range() {
        ScopePreview p = preview.execute(scope(List.of(), List.of("64:ff9b::/96", "::ffff:10.0.0.0/120"), List.of()));
        assertThat(p.ranges()).extracting(ScopePreview.Range::cidr).containsExactly("64:ff9b::/96", "10.0.0.0/24");
        assertThat(p.ranges().get(0).deniedBy()).isEqualTo("platform.ipv4_embedded");
        assertThat(p.ranges().get(0).testableAddresses()).isZero();
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(256));
    }

    @Test
    void loopbackIsTestableWhereTheOperatorAllowsIt() {
        ScopePreview p = new PreviewScope(PlatformDenyList.of(true)).execute(scope(List.of(), List.of("127.0.0.0/30"), List.of()));
        assertThat(p.ranges().get(0).deniedBy()).isNull();
        assertThat(p.testableAddresses()).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void aPartlyDeniedRangeLosesOnlyTheDeniedPart() {
        ScopePreview p = preview.execute(scope(List.of(), List.of("224.0.0.0/3"), List.of()));
        ScopePreview.Range range = p.ranges().get(0);
        assertThat(range.deniedBy()).isEqualTo("platform.multicast");
        assertThat(range.deniedAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(28));
        assertThat(range.testableAddresses()).isEqualTo(BigInteger.ONE.shiftLeft(29).subtract(BigInteger.ONE.shiftLeft(28)));
    }

    @Test
    void aDomainNamesTheOutOfScopePatternThatExcludesIt() {
        ScopePreview p = preview.execute(scope(List.of("example.com", "*.example.org", "intranet.example.com"), List.of(),
                List.of("intranet.example.com", "*.example.org")));
        assertThat(p.domains()).extracting(ScopePreview.Domain::excludedBy)
                .containsExactly(null, "*.example.org", "intranet.example.com");
    }

    @Test
    void aMalformedScopeIsRefusedWithTheSameErrorsAsDeclaringIt() {
        assertThatThrownBy(() -> preview.execute(scope(List.of(), List.of("10.0.0.1/24"), List.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("did you mean 10.0.0.0/24");
    }
}
