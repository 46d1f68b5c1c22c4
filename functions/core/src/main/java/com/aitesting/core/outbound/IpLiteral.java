package com.aitesting.core.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a URL host as an IP address in any spelling a resolver would accept as one, without a DNS lookup:
 * IPv6 literals (with or without brackets, zone ids included) and the inet_aton forms of IPv4 that C
 * resolvers and many HTTP clients accept: one to four parts, each decimal, octal (leading 0) or hex (0x), the
 * last part filling the remaining bytes. So {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1} and
 * {@code 127.1} are all 127.0.0.1. A host that is none of these is a name.
 */
public final class IpLiteral {
    private IpLiteral() {}

    public static Optional<InetAddress> parse(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "127.0.0.1." is still 127.0.0.1 to many resolvers
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            return ipv6(h);
        }
        return ipv4(h);
    }

    private static Optional<InetAddress> ipv6(String h) {
        if (!h.matches("[0-9a-f:.]+((%|%25)[0-9a-z._~-]+)?")) {
            return Optional.empty();
        }
        // The zone (RFC 6874, "%25" in a URL) names an interface of the sender, not another address, and one this
        // machine lacks would make the JDK refuse the literal: it is judged without it.
        int zone = h.indexOf('%');
        String address = zone < 0 ? h : h.substring(0, zone);
        try {
            // Bracketed, InetAddress only parses a literal and never asks DNS.
            return Optional.of(InetAddress.getByName("[" + address + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return Optional.empty();
            }
            values[i] = v;
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        int remainingBytes = 4 - (parts.length - 1);
        if (last >= (1L << (8 * remainingBytes))) {
            return Optional.empty();
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            return Optional.empty();
        }
    }

    /** One inet_aton part; null when the text is not a number in one of its three bases (or too long). */
    private static Long number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return null;
        }
        try {
            if (part.startsWith("0x")) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part, 10);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
