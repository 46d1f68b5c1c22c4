package com.aitesting.core.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Addresses the platform never tests, whatever a tenant's scope says: they are the network the platform
 * itself runs in (cloud metadata, link-local, loopback) or no single host at all (multicast, broadcast,
 * unspecified). Loopback is allowed only where the operator says so (the local runtime, for its own
 * tests and demos). IPv4-mapped IPv6 spellings of the IPv4 ranges are denied alike.
 */
public final class PlatformDenyList {
    /** One denied range and the rule's name, as scope.blocked events and the scope preview show it. */
    public record Rule(String name, Cidr range) {}

    private static final List<Rule> ALWAYS = withMappedForms(List.of(
            new Rule("unspecified", Cidr.parse("0.0.0.0/8")),
            new Rule("link-local", Cidr.parse("169.254.0.0/16")),
            new Rule("multicast", Cidr.parse("224.0.0.0/4")),
            new Rule("broadcast", Cidr.parse("255.255.255.255/32")),
            new Rule("unspecified", Cidr.parse("::/128")),
            new Rule("link-local", Cidr.parse("fe80::/10")),
            new Rule("multicast", Cidr.parse("ff00::/8")),
            new Rule("cloud-metadata", Cidr.parse("fd00:ec2::254/128"))));
    private static final List<Rule> LOOPBACK = withMappedForms(List.of(
            new Rule("loopback", Cidr.parse("127.0.0.0/8")),
            new Rule("loopback", Cidr.parse("::1/128"))));

    private final List<Rule> rules;

    private PlatformDenyList(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** {@code allowLoopback}: SCAN_ALLOW_LOOPBACK, true in the local runtime, never on AWS. */
    public static PlatformDenyList of(boolean allowLoopback) {
        List<Rule> rules = new ArrayList<>(ALWAYS);
        if (!allowLoopback) {
            rules.addAll(LOOPBACK);
        }
        return new PlatformDenyList(rules);
    }

    /** The first rule that denies any address of {@code range}, if one does. */
    public Optional<Rule> denying(Cidr range) {
        return rules.stream().filter(rule -> rule.range().overlaps(range)).findFirst();
    }

    private static List<Rule> withMappedForms(List<Rule> rules) {
        List<Rule> all = new ArrayList<>(rules);
        for (Rule rule : rules) {
            if (!rule.range().isIpv6()) {
                String network = rule.range().text().substring(0, rule.range().text().indexOf('/'));
                all.add(new Rule(rule.name(), Cidr.parse("::ffff:" + network + "/" + (96 + rule.range().prefixLength()))));
            }
        }
        return all;
    }
}
