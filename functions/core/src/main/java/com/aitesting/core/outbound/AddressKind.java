package com.aitesting.core.outbound;

import com.aitesting.core.scope.Ipv4Embedding;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * What an IP address is, for deciding whether the platform may connect to it on a tenant's behalf. Only
 * {@link #PUBLIC} addresses are destinations; every other kind is a way into the network the platform runs in
 * (the cloud metadata endpoint, the Lambda runtime API on loopback, a VPC's private services).
 */
public enum AddressKind {
    PUBLIC(null),
    LOOPBACK(OutboundRefusal.LOOPBACK_ADDRESS),
    PRIVATE(OutboundRefusal.PRIVATE_ADDRESS),
    LINK_LOCAL(OutboundRefusal.LINK_LOCAL_ADDRESS),
    SHARED(OutboundRefusal.SHARED_ADDRESS),
    UNIQUE_LOCAL(OutboundRefusal.UNIQUE_LOCAL_ADDRESS),
    MULTICAST(OutboundRefusal.MULTICAST_ADDRESS),
    UNSPECIFIED(OutboundRefusal.UNSPECIFIED_ADDRESS),
    BROADCAST(OutboundRefusal.BROADCAST_ADDRESS),
    /** IPv4-mapped, IPv4-compatible, NAT64, 6to4 and Teredo ({@link Ipv4Embedding}): an IPv6 spelling of some IPv4 address. */
    IPV4_EMBEDDED(OutboundRefusal.IPV4_EMBEDDED_ADDRESS),
    /** Documentation, benchmarking, protocol-assignment, 240/4 and deprecated site-local ranges. */
    RESERVED(OutboundRefusal.RESERVED_ADDRESS);

    private final OutboundRefusal refusal;

    AddressKind(OutboundRefusal refusal) {
        this.refusal = refusal;
    }

    /** Why an address of this kind is refused; null for {@link #PUBLIC}. */
    public OutboundRefusal refusal() {
        return refusal;
    }

    public static AddressKind of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(address, b);
        }
        return RESERVED;
    }

    private static AddressKind ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
            return BROADCAST;
        }
        if (a0 == 0) {
            return UNSPECIFIED; // 0.0.0.0/8, "this network": Linux connects 0.0.0.0 to loopback
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return SHARED;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 >= 240
                || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))   // 192.0.0/24 protocol assignments, 192.0.2/24 TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99)              // 6to4 relay anycast
                || (a0 == 198 && (a1 & 0xfe) == 18)                 // 198.18/15 benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100)             // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)) {           // TEST-NET-3
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressKind ipv6(InetAddress address, byte[] b) {
        if (address.isAnyLocalAddress()) {
            return UNSPECIFIED; // ::
        }
        if (address.isLoopbackAddress()) {
            return LOOPBACK; // ::1
        }
        if (Ipv4Embedding.of(address).isPresent()) {
            return IPV4_EMBEDDED; // refused whatever IPv4 address it carries (Java hands ::ffff:a.b.c.d over as IPv4 already)
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if ((w0 & 0xfe00) == 0xfc00) {
            return UNIQUE_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return RESERVED; // site-local, deprecated but still routed inside some networks
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        if ((w0 == 0x2001 && w1 == 0x0db8) || w0 == 0x0100 && w1 == 0 || (w0 & 0xe000) != 0x2000) {
            return RESERVED; // documentation, discard-only 100::/64, and anything outside global unicast 2000::/3
        }
        return PUBLIC;
    }
}
