package com.aitesting.core.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {
    private static final OutboundPolicy DEFAULT = OutboundPolicy.slackDefault();

    static Stream<Arguments> refusedUrls() {
        return Stream.of(
                Arguments.of("https://169.254.169.254/latest/meta-data/", OutboundRefusal.LINK_LOCAL_ADDRESS),
                Arguments.of("https://10.0.0.5/", OutboundRefusal.PRIVATE_ADDRESS),
                Arguments.of("https://172.16.0.1/", OutboundRefusal.PRIVATE_ADDRESS),
                Arguments.of("https://192.168.1.1/", OutboundRefusal.PRIVATE_ADDRESS),
                Arguments.of("https://100.64.0.1/", OutboundRefusal.SHARED_ADDRESS),
                Arguments.of("https://[fd00::1]/", OutboundRefusal.UNIQUE_LOCAL_ADDRESS),
                Arguments.of("https://[fe80::1]/", OutboundRefusal.LINK_LOCAL_ADDRESS),
                Arguments.of("https://[fe80::1%25eth0]/", OutboundRefusal.LINK_LOCAL_ADDRESS), // a zone this machine may not have
                Arguments.of("https://[fe80::1%25zz9]/", OutboundRefusal.LINK_LOCAL_ADDRESS),
                Arguments.of("https://0.0.0.0/", OutboundRefusal.UNSPECIFIED_ADDRESS),
                Arguments.of("https://[::]/", OutboundRefusal.UNSPECIFIED_ADDRESS),
                Arguments.of("https://[::ffff:127.0.0.1]/", OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
                Arguments.of("https://[::ffff:7f00:1]/", OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
                Arguments.of("https://[::127.0.0.1]/", OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
                Arguments.of("https://[64:ff9b::a9fe:a9fe]/", OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
                Arguments.of("https://[2002:7f00:1::]/", OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
                Arguments.of("https://0x7f000001/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://2130706433/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://0177.0.0.1/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://127.1/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://0x7f.1/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://127.0.0.1./", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://[::1]/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://0xa9fea9fe/", OutboundRefusal.LINK_LOCAL_ADDRESS),
                Arguments.of("https://224.0.0.1/", OutboundRefusal.MULTICAST_ADDRESS),
                Arguments.of("https://[ff02::1]/", OutboundRefusal.MULTICAST_ADDRESS),
                Arguments.of("https://255.255.255.255/", OutboundRefusal.BROADCAST_ADDRESS),
                Arguments.of("https://192.0.2.1/", OutboundRefusal.RESERVED_ADDRESS),
                Arguments.of("https://8.8.8.8/", OutboundRefusal.IP_ADDRESS_HOST),
                Arguments.of("https://localhost/", OutboundRefusal.LOOPBACK_ADDRESS),
                Arguments.of("https://localhost:99999/", OutboundRefusal.INVALID_PORT),
                Arguments.of("https://metadata.google.internal/computeMetadata/v1/", OutboundRefusal.INTERNAL_NAME),
                Arguments.of("https://foo.localhost/", OutboundRefusal.INTERNAL_NAME),
                Arguments.of("https://metadata/", OutboundRefusal.INTERNAL_NAME),
                Arguments.of("https://example.com/hook", OutboundRefusal.HOST_NOT_ALLOWED),
                Arguments.of("https://hooks.slack.com.evil.example/hook", OutboundRefusal.HOST_NOT_ALLOWED),
                Arguments.of("http://hooks.slack.com/services/T/B/X", OutboundRefusal.NOT_HTTPS),
                Arguments.of("https://hooks.slack.com:22/services/T/B/X", OutboundRefusal.NOT_HTTPS_PORT),
                Arguments.of("https://hooks.slack.com:8443/services/T/B/X", OutboundRefusal.NOT_HTTPS_PORT),
                Arguments.of("https://example.com:22/hook", OutboundRefusal.HOST_NOT_ALLOWED),
                Arguments.of("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", OutboundRefusal.NOT_HTTPS),
                Arguments.of("http://localhost:8080/x", OutboundRefusal.NOT_HTTPS));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusedUrls")
    void everyInternalOrUnlistedDestinationIsRefusedWithItsReason(String url, OutboundRefusal expected) {
        assertThat(DEFAULT.checkUrl(URI.create(url))).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.slack.com/services/T0/B0/XXXX", "https://HOOKS.Slack.com/services/T0/B0/XXXX",
            "https://hooks.slack.com./services/x", "https://hooks.slack-gov.com/services/T0/B0/XXXX",
            "https://hooks.slack.com:443/services/x"})
    void slacksWebhookHostsAreAllowedByDefault(String url) {
        assertThat(DEFAULT.checkUrl(URI.create(url))).isEmpty();
    }

    @Test
    void slackAllowedHostsExtendsTheListButNeverToAddresses() {
        OutboundPolicy wider = OutboundPolicy.of("relay.example.com, chat.example.org", false, false);
        assertThat(wider.checkUrl(URI.create("https://relay.example.com/hook"))).isEmpty();
        assertThat(wider.checkUrl(URI.create("https://hooks.slack.com/x"))).isEmpty();
        assertThat(wider.checkUrl(URI.create("https://other.example.com/hook"))).contains(OutboundRefusal.HOST_NOT_ALLOWED);
        for (String bad : List.of("10.0.0.5", "https://relay.example.com", "relay.example.com:8443", "localhost",
                "metadata.google.internal", "0x7f000001")) {
            assertThatThrownBy(() -> OutboundPolicy.of(bad, false, false)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SLACK_ALLOWED_HOSTS");
        }
    }

    @Test
    void loopbackReceiversOnlyWithTheSwitchAndNeverOnAws() {
        OutboundPolicy tests = OutboundPolicy.of(null, true, false);
        for (String url : List.of("http://127.0.0.1:9999/hook", "http://localhost:8080/x", "http://[::1]:8080/slack",
                "https://127.0.0.1:8443/x")) {
            assertThat(tests.checkUrl(URI.create(url))).as(url).isEmpty();
        }
        assertThat(tests.checkUrl(URI.create("http://10.0.0.5/x"))).contains(OutboundRefusal.NOT_HTTPS);
        assertThat(tests.checkUrl(URI.create("https://[::ffff:127.0.0.1]/x"))).contains(OutboundRefusal.IPV4_EMBEDDED_ADDRESS);
        assertThat(tests.checkUrl(URI.create("https://0x7f000001/x"))).contains(OutboundRefusal.LOOPBACK_ADDRESS);
        assertThat(tests.checkUrl(URI.create("https://2130706433/x"))).contains(OutboundRefusal.LOOPBACK_ADDRESS);
        assertThat(tests.checkUrl(URI.create("https://169.254.169.254/x"))).contains(OutboundRefusal.LINK_LOCAL_ADDRESS);
        assertThatThrownBy(() -> OutboundPolicy.of(null, true, true)).hasMessageContaining("refused on AWS");
    }

    @Test
    void atConnectTimeEveryResolvedAddressMustBePublic() throws Exception {
        String slack = "hooks.slack.com";
        InetAddress publicOne = InetAddress.getByAddress(new byte[] {52, 1, 2, 3});
        InetAddress privateOne = InetAddress.getByAddress(new byte[] {10, 0, 0, 5});
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        assertThat(DEFAULT.checkAddresses(slack, List.of(publicOne))).isEmpty();
        assertThat(DEFAULT.checkAddresses(slack, List.of(publicOne, privateOne))).contains(OutboundRefusal.PRIVATE_ADDRESS);
        assertThat(DEFAULT.checkAddresses(slack, List.of(loopback))).contains(OutboundRefusal.LOOPBACK_ADDRESS);
        assertThat(DEFAULT.checkAddresses(slack, List.of())).contains(OutboundRefusal.NAME_NOT_RESOLVED);
        // Loopback allowed for tests does not make an allowed NAME pointing at loopback acceptable.
        OutboundPolicy tests = OutboundPolicy.of(null, true, false);
        assertThat(tests.checkAddresses(slack, List.of(loopback))).contains(OutboundRefusal.LOOPBACK_ADDRESS);
        assertThat(tests.checkAddresses("127.0.0.1", List.of(loopback))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hooks.slack.com", "example.com", "1.2.3.4.5", "256.1.1.1.1", "0x", "08.1.1.1", "1e3"})
    void namesThatAreNotAddressesAreNotReadAsAddresses(String host) {
        if (host.equals("0x")) {
            assertThat(IpLiteral.parse(host)).isPresent(); // inet_aton reads a bare 0x as 0
            return;
        }
        assertThat(IpLiteral.parse(host)).as(host).isEmpty();
    }
}
