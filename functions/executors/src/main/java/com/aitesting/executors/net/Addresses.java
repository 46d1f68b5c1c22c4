package com.aitesting.executors.net;

import com.aitesting.core.scope.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.xbill.DNS.Address;

/** Address literals, parsed without any lookup. */
public final class Addresses {
    /** The address {@code text} spells, or empty when it is not an IPv4/IPv6 literal (then it is a name). */
    public static Optional<InetAddress> literal(String text) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        byte[] bytes = Address.toByteArray(bare, Address.IPv4);
        if (bytes == null) {
            bytes = Address.toByteArray(bare, Address.IPv6);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always accepted", e);
        }
    }

    /** The address as text: dotted quad or RFC 5952 IPv6, as scope entries are written (no host name, no lookup). */
    public static String text(InetAddress address) {
        return Cidr.text(address);
    }

    private Addresses() {}
}
