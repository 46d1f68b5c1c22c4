package com.aitesting.core.scope;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Addresses the platform never tests, whatever a tenant's scope says: they are the network the platform
 * itself runs in (link-local, which holds the cloud metadata service at 169.254.169.254 and fd00:ec2::254 on
 * AWS, and its DNS resolver and time service beside it; loopback) or no single host at all (multicast, broadcast,
 * unspecified, the reserved 240.0.0.0/4).
 * Loopback is allowed only where the operator says so (SCAN_ALLOW_LOOPBACK: the local runtime, for its own
 * tests and demos; never on AWS). An IPv6 address that stands for an IPv4 address ({@link Ipv4Embedding}: mapped,
 * NAT64, 6to4, ...) is judged as the IPv4 address it reaches; one whose IPv4 address has no fixed place (Teredo,
 * local-use NAT64) is denied. For ranges, the embedding ranges count as denied: an IPv6 scope entry never admits such
 * an address (only the IPv4 scope does), so that part of a range is not testable through it.
 *
 * <p>The one list for both uses: the scope preview asks about ranges, the executors' network guard about
 * each address it is about to connect to. The rule names are what scope.blocked events and the preview show.
 */
public final class PlatformDenyList {
    /** One denied range and the rule's name. */
    public record Rule(String name, Cidr range) {}

    public static final String UNSPECIFIED = "platform.unspecified";
    public static final String LINK_LOCAL = "platform.link_local";
    public static final String MULTICAST = "platform.multicast";
    public static final String BROADCAST = "platform.broadcast";
    public static final String RESERVED = "platform.reserved";
    public static final String LOOPBACK = "platform.loopback";
    /** The ranges the platform runs in itself (SCAN_DENY_CIDRS; on AWS the stack's VPC: the database, the functions). */
    public static final String OWN_NETWORK = "platform.own_network";
    /** An IPv6 address that embeds an IPv4 one, where it cannot be judged as that IPv4 address. */
    public static final String IPV4_EMBEDDED = "platform.ipv4_embedded";

    private static final List<Rule> ALWAYS = List.of(
            new Rule(UNSPECIFIED, Cidr.parse("0.0.0.0/8")),
            new Rule(LINK_LOCAL, Cidr.parse("169.254.0.0/16")),
            new Rule(MULTICAST, Cidr.parse("224.0.0.0/4")),
            new Rule(BROADCAST, Cidr.parse("255.255.255.255/32")),
            new Rule(RESERVED, Cidr.parse("240.0.0.0/4")),
            new Rule(UNSPECIFIED, Cidr.parse("::/128")),
            new Rule(LINK_LOCAL, Cidr.parse("fe80::/10")),
            new Rule(MULTICAST, Cidr.parse("ff00::/8")),
            // AWS's IPv6 link-local services, outside fe80::/10: instance metadata, the VPC's DNS resolver, time
            new Rule(LINK_LOCAL, Cidr.parse("fd00:ec2::254/128")),
            new Rule(LINK_LOCAL, Cidr.parse("fd00:ec2::253/128")),
            new Rule(LINK_LOCAL, Cidr.parse("fd00:ec2::123/128")));
    private static final List<Rule> LOOPBACKS = List.of(
            new Rule(LOOPBACK, Cidr.parse("127.0.0.0/8")),
            new Rule(LOOPBACK, Cidr.parse("::1/128")));

    private final List<Rule> rules;

    private PlatformDenyList(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** {@code allowLoopback}: SCAN_ALLOW_LOOPBACK, true in the local runtime, never on AWS. */
    public static PlatformDenyList of(boolean allowLoopback) {
        return of(allowLoopback, List.of());
    }

    /** As {@link #of(boolean)}, plus {@code ownNetwork}: the ranges of SCAN_DENY_CIDRS. */
    public static PlatformDenyList of(boolean allowLoopback, List<Cidr> ownNetwork) {
        List<Rule> rules = new ArrayList<>(ALWAYS);
        if (!allowLoopback) {
            rules.addAll(LOOPBACKS);
        }
        ownNetwork.forEach(range -> rules.add(new Rule(OWN_NETWORK, range)));
        return new PlatformDenyList(rules);
    }

    /** SCAN_DENY_CIDRS: comma-separated CIDRs (blank = none); a malformed entry stops the start, naming it. */
    public static List<Cidr> parseRanges(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ranges.add(Cidr.parse(part.strip()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("SCAN_DENY_CIDRS must be comma-separated CIDRs: " + part.strip());
            }
        }
        return List.copyOf(ranges);
    }

    /** The first rule that denies any address of {@code range}, if one does. */
    public Optional<Rule> denying(Cidr range) {
        return everyDenying(range).stream().findFirst();
    }

    /**
     * Every rule that denies some address of {@code range}, in the list's order, then the embedding ranges it
     * overlaps: a wide range can touch several (192.0.0.0/2 holds multicast, reserved and broadcast).
     */
    public List<Rule> everyDenying(Cidr range) {
        List<Rule> denying = new ArrayList<>(rules.stream().filter(rule -> rule.range().overlaps(range)).toList());
        Ipv4Embedding.everyOverlapping(range).forEach(embedding -> denying.add(new Rule(IPV4_EMBEDDED, embedding.range())));
        return List.copyOf(denying);
    }

    /** The rule that denies {@code address} (judged as the IPv4 address it embeds, if it does), if one does. */
    public Optional<Rule> denying(InetAddress address) {
        Optional<Ipv4Embedding> embedding = Ipv4Embedding.of(address);
        Optional<InetAddress> carried = Ipv4Embedding.carried(address);
        if (embedding.isPresent() && carried.isEmpty()) {
            return Optional.of(new Rule(IPV4_EMBEDDED, embedding.get().range()));
        }
        InetAddress judged = carried.orElse(address);
        return rules.stream().filter(rule -> rule.range().contains(judged)).findFirst();
    }
}
