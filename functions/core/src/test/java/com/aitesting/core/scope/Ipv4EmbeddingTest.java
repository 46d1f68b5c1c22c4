package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which IPv6 addresses stand for IPv4 ones, and which IPv4 address each reaches. No lookup: literals only. */
class Ipv4EmbeddingTest {
    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @ParameterizedTest(name = "{0} is {1} and reaches {2}")
    @CsvSource({
            "::a9fe:a9fe, COMPATIBLE, 169.254.169.254",
            "::10.0.0.1, COMPATIBLE, 10.0.0.1",
            "64:ff9b::a00:5, NAT64, 10.0.0.5",
            "64:ff9b::192.0.2.33, NAT64, 192.0.2.33",
            "2002:a9fe:a9fe::1, SIX_TO_FOUR, 169.254.169.254",
            "2002:808:808:1::5, SIX_TO_FOUR, 8.8.8.8",
    })
    void anEmbeddingWithAFixedPlaceReachesItsIpv4Address(String address, Ipv4Embedding kind, String ipv4) {
        assertThat(Ipv4Embedding.of(literal(address))).hasValue(kind);
        assertThat(Ipv4Embedding.carried(literal(address))).hasValue(literal(ipv4));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "64:ff9b:1::a00:5, NAT64_LOCAL",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, TEREDO",
    })
    void anEmbeddingWithoutAFixedPlaceReachesNoOneIpv4Address(String address, Ipv4Embedding kind) {
        assertThat(Ipv4Embedding.of(literal(address))).hasValue(kind);
        assertThat(Ipv4Embedding.carried(literal(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "10.0.0.1", "2001:db8::1", "2001:1::1", "64:ff9b:2::1", "2003::1", "fe80::1"})
    void unspecifiedLoopbackIpv4AndOrdinaryIpv6AddressesEmbedNothing(String address) {
        assertThat(Ipv4Embedding.of(literal(address))).isEmpty();
        assertThat(Ipv4Embedding.carried(literal(address))).isEmpty();
    }

    @ParameterizedTest(name = "{0} stands for {1}")
    @CsvSource({
            "64:ff9b::/96, 0.0.0.0/0",
            "64:ff9b::a00:0/104, 10.0.0.0/8",
            "64:ff9b::a00:5/128, 10.0.0.5/32",
            "::a00:0/120, 10.0.0.0/24",
            "2002::/16, 0.0.0.0/0",
            "2002:a00::/24, 10.0.0.0/8",
            "2002:a00:5::/48, 10.0.0.5/32",
            "2002:a00:5:1::/64, 10.0.0.5/32",
    })
    void aRangeInsideAFixedEmbeddingStandsForAnIpv4Range(String range, String ipv4) {
        Cidr cidr = Cidr.parse(range);
        assertThat(Ipv4Embedding.holding(cidr).flatMap(e -> e.ipv4(cidr))).hasValue(Cidr.parse(ipv4));
    }

    @Test
    void aMappedAddressThatJavaKeepsAsIpv6ReachesItsIpv4Address() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(Ipv4Embedding.of(address)).hasValue(Ipv4Embedding.MAPPED);
        assertThat(Ipv4Embedding.carried(address)).hasValue(literal("10.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::/128", "::1/128", "::/127", "2001:db8::/32", "fd00::/8"})
    void rangesThatAreNotIpv4AddressesAreHeldByNoEmbedding(String range) {
        assertThat(Ipv4Embedding.holding(Cidr.parse(range))).isEmpty();
        assertThat(Ipv4Embedding.overlapping(Cidr.parse(range))).isEmpty();
    }

    @ParameterizedTest(name = "{0} overlaps {1}")
    @CsvSource({
            "::/80, MAPPED",
            "2000::/3, SIX_TO_FOUR",
            "64:ff9b::/32, NAT64",
            "2001::/16, TEREDO",
    })
    void aWiderRangeOverlapsTheEmbeddingItContainsWithoutBeingHeldByIt(String range, Ipv4Embedding kind) {
        assertThat(Ipv4Embedding.overlapping(Cidr.parse(range))).hasValue(kind);
        assertThat(Ipv4Embedding.holding(Cidr.parse(range))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.0.0.1", "::ffff:169.254.169.254"})
    void aMappedLiteralIsAlreadyIpv4ToJava(String address) {
        // which is why the guard and the deny list need no mapped case of their own: Cidr reads mapped ranges as IPv4 too
        assertThat(literal(address).getAddress()).hasSize(4);
    }
}
