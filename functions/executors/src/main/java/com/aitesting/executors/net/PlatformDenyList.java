package com.aitesting.executors.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Addresses no tenant scope can open up: link-local (which holds the cloud metadata service at
 * 169.254.169.254 and fd00:ec2::254 on AWS), multicast, broadcast, unspecified, reserved, and loopback
 * unless the platform allows it (SCAN_ALLOW_LOOPBACK, on locally, off on AWS). IPv4-mapped IPv6 addresses
 * are judged by the IPv4 address they carry.
 */
final class PlatformDenyList {
    private record Entry(AddressBlock block, String rule) {}

    static final String LOOPBACK = "platform.loopback";

    private static final List<Entry> ALWAYS = List.of(
            new Entry(AddressBlock.parse("0.0.0.0/8"), "platform.unspecified"),
            new Entry(AddressBlock.parse("169.254.0.0/16"), "platform.link_local"),
            new Entry(AddressBlock.parse("224.0.0.0/4"), "platform.multicast"),
            new Entry(AddressBlock.parse("255.255.255.255/32"), "platform.broadcast"),
            new Entry(AddressBlock.parse("240.0.0.0/4"), "platform.reserved"),
            new Entry(AddressBlock.parse("::/128"), "platform.unspecified"),
            new Entry(AddressBlock.parse("fe80::/10"), "platform.link_local"),
            new Entry(AddressBlock.parse("ff00::/8"), "platform.multicast"),
            new Entry(AddressBlock.parse("fd00:ec2::254/128"), "platform.link_local"));
    private static final List<Entry> LOOPBACKS = List.of(
            new Entry(AddressBlock.parse("127.0.0.0/8"), LOOPBACK),
            new Entry(AddressBlock.parse("::1/128"), LOOPBACK));

    private final boolean allowLoopback;

    PlatformDenyList(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** The rule that denies {@code address}, or empty when the platform allows it. */
    Optional<String> deny(InetAddress address) {
        InetAddress judged = unmapped(address);
        for (Entry entry : ALWAYS) {
            if (entry.block().contains(judged)) {
                return Optional.of(entry.rule());
            }
        }
        if (!allowLoopback) {
            for (Entry entry : LOOPBACKS) {
                if (entry.block().contains(judged)) {
                    return Optional.of(entry.rule());
                }
            }
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d is a.b.c.d on the wire. */
    static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isMapped(b)) {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
