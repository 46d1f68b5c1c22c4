package com.aitesting.core.scope;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException.Kind;
import java.util.Optional;

/**
 * How wide a scope a new engagement may declare. A typo (10.0.0.0/8 for /24) or a careless paste turns the
 * platform into a scanner of networks nobody authorised, so a scope wider than /{@value #MIN_IPV4_PREFIX}
 * for IPv4 or /{@value #MIN_IPV6_PREFIX} for IPv6, or with more than {@value #MAX_ENTRIES} entries, needs
 * the engagement's explicit {@code "allow_large_scope": true}; every address ({@code 0.0.0.0/0}, {@code ::/0})
 * is never a scope. An entry inside an IPv6 range that embeds IPv4 addresses ({@link Ipv4Embedding}: NAT64, 6to4,
 * ...), in scope or out of scope, is refused too: it names IPv4 addresses, which the platform judges only as IPv4, so
 * in scope it would admit none of them and out of scope would not exclude them ({@link Cidr} already reads mapped
 * ranges as IPv4). A wider IPv6 range that merely contains such a range is held to the width limit alone: the guard
 * never admits its embedded part through it.
 * Each refusal is a 422 on the entry. (List sizes themselves are bounded by {@link Scope#parse}.)
 */
public final class ScopeLimits {
    public static final int MIN_IPV4_PREFIX = 16;
    public static final int MIN_IPV6_PREFIX = 48;
    public static final int MAX_ENTRIES = 1_000;

    /** Records the limits {@code scope} exceeds in {@code errors}, each path starting with {@code prefix}. */
    public static void check(Scope scope, boolean allowLargeScope, FieldErrors errors, String prefix) {
        for (int i = 0; i < scope.inScopeCidrs().size(); i++) {
            Cidr cidr = scope.inScopeCidrs().get(i);
            String path = prefix + "in_scope_cidrs[" + i + "]";
            Optional<String> embedded = embedded(cidr);
            if (embedded.isPresent()) {
                errors.add(Kind.UNPROCESSABLE, path, embedded.get());
            } else if (cidr.prefixLength() == 0) {
                errors.add(Kind.UNPROCESSABLE, path, "covers every address; declare the networks you are authorised to test");
            } else if (!allowLargeScope && cidr.prefixLength() < (cidr.isIpv6() ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX)) {
                errors.add(Kind.UNPROCESSABLE, path, "is wider than /" + (cidr.isIpv6() ? MIN_IPV6_PREFIX : MIN_IPV4_PREFIX)
                        + "; set \"allow_large_scope\": true on the engagement if you are authorised to test all of it");
            }
        }
        for (int i = 0; i < scope.outOfScope().size(); i++) {
            String path = prefix + "out_of_scope[" + i + "]";
            if (scope.outOfScope().get(i) instanceof Cidr cidr) {
                embedded(cidr).ifPresent(message -> errors.add(Kind.UNPROCESSABLE, path, message));
            }
        }
        int entries = scope.inScopeDomains().size() + scope.inScopeCidrs().size() + scope.outOfScope().size();
        if (!allowLargeScope && entries > MAX_ENTRIES) {
            errors.add(Kind.UNPROCESSABLE, prefix + "in_scope_cidrs", "the scope has " + entries + " entries, more than " + MAX_ENTRIES
                    + "; set \"allow_large_scope\": true on the engagement if you are authorised to test all of them");
        }
    }

    /** Why {@code cidr} is refused as an IPv6 form of IPv4 addresses, with the IPv4 range meant when it is plain. */
    private static Optional<String> embedded(Cidr cidr) {
        return Ipv4Embedding.holding(cidr).map(embedding -> "is an IPv6 form of IPv4 addresses (" + embedding.label() + ", "
                + embedding.range().text() + "), which are tested only as IPv4: list the IPv4 addresses instead"
                + embedding.ipv4(cidr).filter(ipv4 -> ipv4.prefixLength() > 0).map(ipv4 -> "; did you mean " + ipv4.text() + "?").orElse(""));
    }

    private ScopeLimits() {}
}
