package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One list for the scope preview (ranges) and the network guard (each address): both answer the same rule. */
class PlatformDenyListTest {
    private static final Map<String, String> DENIED = Map.ofEntries(
            Map.entry("0.0.0.0", "platform.unspecified"),
            Map.entry("0.1.2.3", "platform.unspecified"),
            Map.entry("169.254.169.254", "platform.link_local"),
            Map.entry("224.0.0.1", "platform.multicast"),
            Map.entry("239.255.255.250", "platform.multicast"),
            Map.entry("240.0.0.1", "platform.reserved"),
            Map.entry("255.255.255.254", "platform.reserved"),
            Map.entry("255.255.255.255", "platform.broadcast"),
            Map.entry("::", "platform.unspecified"),
            Map.entry("fe80::1", "platform.link_local"),
            Map.entry("fd00:ec2::254", "platform.link_local"),
            Map.entry("fd00:ec2::253", "platform.link_local"),
            Map.entry("fd00:ec2::123", "platform.link_local"),
            Map.entry("ff02::1", "platform.multicast"),
            Map.entry("127.0.0.1", "platform.loopback"),
            Map.entry("127.255.0.9", "platform.loopback"),
            Map.entry("::1", "platform.loopback"));

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void anAddressAndItsSingleAddressRangeAreDeniedByTheSameRule() {
        PlatformDenyList list = PlatformDenyList.of(false);
        DENIED.forEach((address, rule) -> {
            assertThat(list.denying(literal(address)).map(PlatformDenyList.Rule::name)).as(address).hasValue(rule);
            assertThat(list.denying(Cidr.parse(address)).map(PlatformDenyList.Rule::name)).as(address).hasValue(rule);
        });
    }

    @Test
    void ordinaryAddressesAndPrivateRangesAreLeftToTheTenantsScope() {
        PlatformDenyList list = PlatformDenyList.of(false);
        for (String address : new String[] {"10.0.0.5", "192.168.1.1", "172.16.0.1", "100.64.0.1", "8.8.8.8", "fd00::1", "2001:db8::1"}) {
            assertThat(list.denying(literal(address))).as(address).isEmpty();
            assertThat(list.denying(Cidr.parse(address))).as(address).isEmpty();
        }
    }

    @Test
    void mappedSpellingsOfIpv4RangesAreDeniedAlike() {
        PlatformDenyList list = PlatformDenyList.of(false);
        assertThat(list.denying(Cidr.parse("::ffff:169.254.169.254"))).map(PlatformDenyList.Rule::name).hasValue("platform.link_local");
        assertThat(list.denying(Cidr.parse("::ffff:240.0.0.0/104"))).map(PlatformDenyList.Rule::name).hasValue("platform.reserved");
    }

    @Test
    void anIpv6AddressThatEmbedsAnIpv4AddressIsJudgedAsThatIpv4Address() {
        PlatformDenyList list = PlatformDenyList.of(false, PlatformDenyList.parseRanges("10.0.0.0/16"));
        for (String metadata : new String[] {"64:ff9b::a9fe:a9fe", "::169.254.169.254", "2002:a9fe:a9fe::1"}) {
            assertThat(list.denying(literal(metadata)).map(PlatformDenyList.Rule::name)).as(metadata).hasValue(PlatformDenyList.LINK_LOCAL);
        }
        assertThat(list.denying(literal("64:ff9b::7f00:1")).map(PlatformDenyList.Rule::name)).hasValue(PlatformDenyList.LOOPBACK);
        assertThat(list.denying(literal("64:ff9b::a00:9")).map(PlatformDenyList.Rule::name)).hasValue(PlatformDenyList.OWN_NETWORK);
        assertThat(list.denying(literal("64:ff9b::808:808"))).as("8.8.8.8: left to the tenant's scope").isEmpty();
        assertThat(list.denying(literal("2002:808:808::1"))).isEmpty();
    }

    @Test
    void anEmbeddingWithoutAFixedIpv4PlaceIsDenied() {
        PlatformDenyList list = PlatformDenyList.of(true);
        for (String address : new String[] {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b:1::a00:5"}) {
            assertThat(list.denying(literal(address)).map(PlatformDenyList.Rule::name)).as(address).hasValue(PlatformDenyList.IPV4_EMBEDDED);
        }
    }

    @Test
    void aRangeOfEmbeddedAddressesIsNotTestableAsIpv6() {
        PlatformDenyList list = PlatformDenyList.of(false);
        for (String range : new String[] {"64:ff9b::/96", "64:ff9b::808:808/128", "2002::/16", "2001::/32", "::a00:0/104", "2000::/3"}) {
            assertThat(list.denying(Cidr.parse(range)).map(PlatformDenyList.Rule::name)).as(range).hasValue(PlatformDenyList.IPV4_EMBEDDED);
        }
        assertThat(list.denying(Cidr.parse("64:ff9b::/96")).map(PlatformDenyList.Rule::range)).hasValue(Ipv4Embedding.NAT64.range());
    }

    @Test
    void loopbackIsAllowedOnlyWhereTheOperatorSaysSo() {
        PlatformDenyList local = PlatformDenyList.of(true);
        assertThat(local.denying(literal("127.0.0.1"))).isEmpty();
        assertThat(local.denying(literal("::1"))).isEmpty();
        assertThat(local.denying(Cidr.parse("127.0.0.0/8"))).isEmpty();
        assertThat(local.denying(literal("169.254.169.254"))).isPresent();
    }

    @Test
    void theOwnNetworkRangesAreDeniedForAddressesRangesAndTheirMappedFormsAndAMalformedOneStopsTheStart() {
        PlatformDenyList list = PlatformDenyList.of(false, PlatformDenyList.parseRanges(" 10.0.0.0/16, fd12::/64 "));

        assertThat(list.denying(literal("10.0.200.1")).map(PlatformDenyList.Rule::name)).contains(PlatformDenyList.OWN_NETWORK);
        assertThat(list.denying(literal("::ffff:10.0.0.9")).map(PlatformDenyList.Rule::name)).contains(PlatformDenyList.OWN_NETWORK);
        assertThat(list.denying(literal("fd12::5")).map(PlatformDenyList.Rule::name)).contains(PlatformDenyList.OWN_NETWORK);
        assertThat(list.denying(Cidr.parse("10.0.0.0/8")).map(PlatformDenyList.Rule::name)).contains(PlatformDenyList.OWN_NETWORK);
        assertThat(list.denying(literal("10.1.0.1"))).isEmpty();
        assertThat(PlatformDenyList.of(false).denying(literal("10.0.200.1"))).isEmpty();
        assertThat(PlatformDenyList.parseRanges("")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlatformDenyList.parseRanges("10.0.0.0/16,vpc"))
                .hasMessageContaining("SCAN_DENY_CIDRS").hasMessageContaining("vpc");
    }
}
