package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.0.0.0/24, 10.0.0.0/24",
            "' 10.0.0.0/24 ', 10.0.0.0/24",
            "10.0.0.1, 10.0.0.1/32",
            "0.0.0.0/0, 0.0.0.0/0",
            "192.168.1.128/25, 192.168.1.128/25",
            "2001:DB8::/32, 2001:db8::/32",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1/128",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1/128",
            "2001:db8::0:1, 2001:db8::1/128",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1/128",
            "::, ::/128",
            "::/0, ::/0",
            "::1, ::1/128",
            "fe80::/10, fe80::/10",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3/128",
            "::ffff:10.0.0.1, 10.0.0.1/32",
            "::ffff:a00:1, 10.0.0.1/32",
            "::ffff:10.0.0.0/104, 10.0.0.0/8",
            "::ffff:127.0.0.2/128, 127.0.0.2/32",
            "::ffff:0.0.0.0/96, 0.0.0.0/0",
            "::fffe:0:0/95, ::fffe:0:0/95",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221/128",
    })
    void parsesAndNormalises(String input, String expected) {
        assertThat(Cidr.parse(input).text()).isEqualTo(expected);
    }

    @Test
    void hostBitsAreRejectedWithTheNetworkMeant() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("did you mean 10.0.0.0/24?");
        assertThatThrownBy(() -> Cidr.parse("2001:db8::1/32")).hasMessageContaining("did you mean 2001:db8::/32?");
        assertThatThrownBy(() -> Cidr.parse("::ffff:10.0.0.1/104")).hasMessageContaining("did you mean ::ffff:10.0.0.0/104?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "10.0.0", "10.0.0.0.0", "256.0.0.0", "10.0.0.01", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
            "10.0.0.0/2a", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "g::1", "fe80::1%eth0", "::/129",
            "1:2:3:4:5:6:7:8::", ":1::", "1::2:", "10.0.0.0/24/8", "::ffff:256.1.1.1"})
    void rejectsMalformedInput(String input) {
        assertThatThrownBy(() -> Cidr.parse(input))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).kind()).isEqualTo(InvalidInputException.Kind.VALIDATION));
    }

    @Test
    void containsAndOverlapsWithinOneAddressFamily() {
        Cidr net = Cidr.parse("10.0.0.0/16");
        assertThat(net.contains(Cidr.parse("10.0.3.0/24"))).isTrue();
        assertThat(net.contains(Cidr.parse("10.0.0.0/16"))).isTrue();
        assertThat(net.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
        assertThat(net.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(net.overlaps(Cidr.parse("10.1.0.0/16"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.parse("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("64:ff9b::a00:1"))).isFalse();
        // a mapped address is the IPv4 address it spells, so an IPv4 range holds it
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.parse("::ffff:10.0.0.1"))).isTrue();
    }

    @Test
    void enumeratesAddresses() {
        Cidr net = Cidr.parse("10.0.0.0/30");
        assertThat(net.size()).isEqualTo(BigInteger.valueOf(4));
        assertThat(net.addressAt(BigInteger.valueOf(3))).isEqualTo("10.0.0.3");
        assertThat(Cidr.parse("2001:db8::/126").addressAt(BigInteger.TWO)).isEqualTo("2001:db8::2");
        assertThatThrownBy(() -> net.addressAt(BigInteger.valueOf(4))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIsOnTheNormalisedForm() {
        assertThat(Cidr.parse("2001:DB8:0::/32")).isEqualTo(Cidr.parse("2001:db8::/32"));
    }
}
