package com.aitesting.core.simulation;

import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.Scope;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The only place simulated targets come from: addresses drawn from the in-scope CIDRs and names of the
 * in-scope domains, each kept only when {@link Scope#allowsRange} / {@link Scope#allowsHost} say so, so
 * out_of_scope entries are honoured by the same rule the rest of the product uses.
 */
final class ScopeTargets {
    private static final int DRAWS_PER_HOST = 16;

    private final Scope scope;

    ScopeTargets(Scope scope) {
        this.scope = scope;
    }

    boolean hasRanges() {
        return !scope.inScopeCidrs().isEmpty();
    }

    List<String> rangeNames() {
        return scope.inScopeCidrs().stream().map(Cidr::text).toList();
    }

    BigInteger addressCount() {
        return scope.inScopeCidrs().stream().map(ScopeTargets::usable).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** In-scope host names: each domain entry, or www. below a wildcard (which excludes its apex). */
    List<String> domains() {
        return scope.inScopeDomains().stream()
                .map(p -> p.isWildcard() ? "www." + p.domain() : p.text())
                .filter(this::allowsHost)
                .distinct()
                .toList();
    }

    /** The in-scope domain entries (names and wildcards) whose names DNS tests enumerate. */
    List<HostPattern> zones() {
        return scope.inScopeDomains().stream().filter(p -> p.isWildcard() || allowsHost(p.text())).toList();
    }

    boolean allowsHost(String name) {
        return scope.allowsHost(name);
    }

    /**
     * Up to {@code perRange} distinct allowed addresses from each in-scope CIDR, in address order. Draws are
     * random offsets, so a /64 costs what a /24 costs; a range (almost) entirely out of scope yields fewer or
     * none, because drawing stops after a fixed number of attempts instead of walking the range.
     */
    List<String> sampleHosts(Random random, int perRange) {
        List<String> hosts = new ArrayList<>();
        for (Cidr range : scope.inScopeCidrs()) {
            BigInteger usable = usable(range);
            int wanted = usable.min(BigInteger.valueOf(perRange)).intValueExact();
            Set<BigInteger> offsets = new LinkedHashSet<>();
            for (int draw = 0; draw < wanted * DRAWS_PER_HOST && offsets.size() < wanted; draw++) {
                BigInteger offset = firstHost(range).add(below(usable, random));
                if (scope.allowsRange(Cidr.parse(range.addressAt(offset)))) {
                    offsets.add(offset);
                }
            }
            offsets.stream().sorted().map(range::addressAt).filter(h -> !hosts.contains(h)).forEach(hosts::add);
        }
        return hosts;
    }

    /** IPv4 ranges larger than /31 lose their network and broadcast addresses. */
    private static BigInteger usable(Cidr range) {
        return !range.isIpv6() && range.prefixLength() <= 30 ? range.size().subtract(BigInteger.TWO) : range.size();
    }

    private static BigInteger firstHost(Cidr range) {
        return !range.isIpv6() && range.prefixLength() <= 30 ? BigInteger.ONE : BigInteger.ZERO;
    }

    private static BigInteger below(BigInteger bound, Random random) {
        BigInteger value;
        do {
            value = new BigInteger(bound.bitLength(), random);
        } while (value.compareTo(bound) >= 0);
        return value;
    }
}
