package com.aitesting.core.scope;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The IPv6 ranges whose addresses stand for IPv4 addresses: the one list of them. Without it a /96 looks like a
 * small IPv6 scope while {@code 64:ff9b::/96} is every IPv4 address behind a NAT64 gateway. Its users: {@link Cidr}
 * reads a mapped range as the IPv4 range; {@link ScopeLimits} refuses a new scope entry inside any other one;
 * {@link PlatformDenyList} and the executors' network guard judge such an address by the IPv4 address it reaches;
 * webhooks never go to one ({@code AddressKind}). {@code ::} and {@code ::1} are not embeddings: they are the
 * unspecified and the loopback address.
 */
public enum Ipv4Embedding {
    /** {@code ::ffff:a.b.c.d}: a dual-stack socket sends it as a.b.c.d. */
    MAPPED("IPv4-mapped", "::ffff:0:0/96", 12),
    /** {@code ::a.b.c.d}, deprecated (RFC 4291). */
    COMPATIBLE("IPv4-compatible", "::/96", 12),
    /** RFC 6052's well-known prefix: the gateway (DNS64 answers with these) connects to the last 32 bits. */
    NAT64("NAT64", "64:ff9b::/96", 12),
    /** RFC 8215: the operator picks the prefix length, so where the IPv4 address sits is not fixed. */
    NAT64_LOCAL("local-use NAT64", "64:ff9b:1::/48"),
    /** RFC 3056: tunnelled to the IPv4 address in bits 16-47, the site's 6to4 router. */
    SIX_TO_FOUR("6to4", "2002::/16", 2),
    /** RFC 4380: relayed to a client behind a NAT by a server, two IPv4 addresses (one obfuscated): none to judge by. */
    TEREDO("Teredo", "2001::/32");

    /** No fixed place of the IPv4 address in the IPv6 one. */
    private static final int NOT_FIXED = -1;
    /** {@code ::} and {@code ::1}, inside {@link #COMPATIBLE}'s range but not IPv4 addresses. */
    private static final Cidr NOT_EMBEDDED = Cidr.exact("::/127");

    private final String label;
    private final Cidr range;
    private final int ipv4At;

    Ipv4Embedding(String label, String range, int ipv4At) {
        this.label = label;
        this.range = Cidr.exact(range);
        this.ipv4At = ipv4At;
    }

    Ipv4Embedding(String label, String range) {
        this(label, range, NOT_FIXED);
    }

    /** The name people know it by, e.g. "NAT64". */
    public String label() {
        return label;
    }

    public Cidr range() {
        return range;
    }

    /** The embedding range {@code address} is in, if any. */
    public static Optional<Ipv4Embedding> of(InetAddress address) {
        return Stream.of(values()).filter(e -> e.range.contains(address)).findFirst().filter(e -> !NOT_EMBEDDED.contains(address));
    }

    /** The embedding range that holds every address of {@code range}, if one does. */
    public static Optional<Ipv4Embedding> holding(Cidr range) {
        return Stream.of(values()).filter(e -> e.range.contains(range)).findFirst().filter(e -> !NOT_EMBEDDED.contains(range));
    }

    /** The first embedding range that shares an address with {@code range}, if one does. */
    public static Optional<Ipv4Embedding> overlapping(Cidr range) {
        return everyOverlapping(range).stream().findFirst();
    }

    /** Every embedding range that shares an address with {@code range} (a wide IPv6 range may hold several). */
    public static List<Ipv4Embedding> everyOverlapping(Cidr range) {
        return NOT_EMBEDDED.contains(range) ? List.of() : Stream.of(values()).filter(e -> e.range.overlaps(range)).toList();
    }

    /** The IPv4 address a connection to {@code address} reaches, when it embeds one at a fixed place. */
    public static Optional<InetAddress> carried(InetAddress address) {
        return of(address).filter(e -> e.ipv4At != NOT_FIXED).map(e -> {
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(address.getAddress(), e.ipv4At, e.ipv4At + 4)); // no lookup
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException("a 4-byte address is always accepted", impossible);
            }
        });
    }

    /** The IPv4 range {@code range} (inside this embedding) stands for, when the IPv4 address sits at a fixed place. */
    public Optional<Cidr> ipv4(Cidr range) {
        if (ipv4At == NOT_FIXED || !this.range.contains(range)) {
            return Optional.empty();
        }
        int prefix = Math.clamp(range.prefixLength() - 8L * ipv4At, 0, 32);
        return Optional.of(Cidr.of(Arrays.copyOfRange(range.network(), ipv4At, ipv4At + 4), prefix));
    }
}
