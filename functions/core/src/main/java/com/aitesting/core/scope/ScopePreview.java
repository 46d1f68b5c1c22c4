package com.aitesting.core.scope;

import java.math.BigInteger;
import java.util.List;

/**
 * What a declared scope expands to, before anything is stored or probed: per in-scope CIDR its address
 * count, how many of them out_of_scope entries and the platform's deny list take away, and what is left
 * to test; per in-scope domain whether an out_of_scope pattern excludes it.
 */
public record ScopePreview(List<Range> ranges, List<Domain> domains, BigInteger testableAddresses) {
    public ScopePreview {
        ranges = List.copyOf(ranges);
        domains = List.copyOf(domains);
    }

    /**
     * {@code denials}: every platform rule that refuses some of the range's addresses, each with how many of
     * them; {@code deniedAddresses} counts their union (deny ranges may nest, e.g. broadcast inside reserved).
     */
    public record Range(String cidr, BigInteger addresses, BigInteger excludedAddresses, List<String> excludedBy,
                        List<Denial> denials, BigInteger deniedAddresses, BigInteger testableAddresses) {
        public Range {
            excludedBy = List.copyOf(excludedBy);
            denials = List.copyOf(denials);
        }

        /** The first rule that refuses some of its addresses, or null. */
        public String deniedBy() {
            return denials.isEmpty() ? null : denials.getFirst().rule();
        }
    }

    /** One deny-list rule applied to a range: its name, its own range, and how many of the range's addresses it takes. */
    public record Denial(String rule, String cidr, BigInteger addresses) {}

    /** {@code excludedBy}: the out_of_scope pattern that excludes the entry's own name, or null. */
    public record Domain(String pattern, String excludedBy) {}
}
