package com.aitesting.executors;

import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.Scope;
import com.aitesting.executors.net.Addresses;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.Target;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the probes of a step go, in a stable order (a later chunk must see the same list): the in-scope
 * addresses, the in-scope names, and what earlier steps of the run found. Every target comes from the guard.
 */
final class ScanTargets {
    /** The widest enumeration a step accepts; the API bounds scopes well below (one /16). */
    static final BigInteger MAX_ADDRESSES = BigInteger.valueOf(1L << 20);

    private ScanTargets() {}

    /** Every address of the in-scope CIDRs that no out_of_scope range excludes, in scope order. */
    static List<InetAddress> addresses(Scope scope) {
        List<InetAddress> all = new ArrayList<>();
        BigInteger seen = BigInteger.ZERO;
        for (Cidr cidr : scope.inScopeCidrs()) {
            seen = seen.add(cidr.size());
            if (seen.compareTo(MAX_ADDRESSES) > 0) {
                throw new IllegalArgumentException("the in-scope ranges hold more than " + MAX_ADDRESSES + " addresses");
            }
            for (long i = 0; i < cidr.size().longValueExact(); i++) {
                String text = cidr.addressAt(BigInteger.valueOf(i));
                if (scope.allowsRange(Cidr.parse(text))) {
                    all.add(Addresses.literal(text).orElseThrow());
                }
            }
        }
        return all;
    }

    /** The in-scope names that can be probed: every entry but wildcards (they name no host of their own). */
    static List<String> names(Scope scope) {
        return scope.inScopeDomains().stream()
                .filter(p -> !p.isWildcard())
                .map(HostPattern::text)
                .filter(scope::allowsHost)
                .toList();
    }

    /** Targets for the in-scope addresses and names (names resolved by the guard). */
    static List<Target> all(NetworkGuard guard, Scope scope) {
        Set<Target> targets = new LinkedHashSet<>();
        for (InetAddress address : addresses(scope)) {
            guard.target(address).ifPresent(targets::add);
        }
        for (String name : names(scope)) {
            targets.addAll(guard.targets(name));
        }
        return List.copyOf(targets);
    }

    /** The hosts discovery found live in this run, by address order. */
    static List<Target> liveHosts(NetworkGuard guard, List<Finding> findings) {
        List<Target> targets = new ArrayList<>();
        findings.stream()
                .filter(f -> f.reported().ruleId().equals(Rules.HOST_LIVE))
                .map(f -> f.reported().target().address())
                .distinct()
                .map(a -> Addresses.literal(a).orElseThrow())
                .sorted(ADDRESS_ORDER)
                .forEach(a -> guard.target(a).ifPresent(targets::add));
        return targets;
    }

    /** An open port some earlier step of this run found. */
    record OpenPort(Target target, int port) {}

    /** The open ports of this run, each target re-checked by the guard (names resolved again). */
    static List<OpenPort> openPorts(NetworkGuard guard, List<Finding> findings) {
        List<OpenPort> ports = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        java.util.Map<String, List<Target>> resolved = new java.util.HashMap<>();
        for (Finding finding : findings) {
            if (!finding.reported().ruleId().equals(Rules.PORT_OPEN)) {
                continue;
            }
            FindingTarget t = finding.reported().target();
            if (t.port() == null || !seen.add(t.host() + "|" + t.address() + "|" + t.port())) {
                continue;
            }
            if (t.host() != null) {
                resolved.computeIfAbsent(t.host(), guard::targets).stream()
                        .filter(target -> target.addressText().equals(t.address()))
                        .forEach(target -> ports.add(new OpenPort(target, t.port())));
            } else if (t.address() != null) {
                guard.target(Addresses.literal(t.address()).orElseThrow()).ifPresent(target -> ports.add(new OpenPort(target, t.port())));
            }
        }
        return ports;
    }

    static final Comparator<InetAddress> ADDRESS_ORDER = (a, b) -> {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        for (int i = 0; i < x.length; i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };
}
