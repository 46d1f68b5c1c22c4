package com.aitesting.core.scope;

import com.aitesting.core.error.FieldErrors;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/scope/preview: parses a scope exactly as declaring an engagement does (the same errors, the
 * same normalisation, the same {@link ScopeLimits}) and tells what it expands to, less every deny-list range it
 * touches. Stores nothing and resolves no name.
 */
public final class PreviewScope {
    private final PlatformDenyList denyList;

    public PreviewScope(PlatformDenyList denyList) {
        this.denyList = denyList;
    }

    /**
     * {@code allowLargeScope}: the engagement's allow_large_scope, so the preview refuses exactly what declaring
     * the engagement would ({@link ScopeLimits}, 422 on the entry).
     */
    public ScopePreview execute(ScopeInput input, boolean allowLargeScope) {
        Scope scope = Scope.parse(input);
        FieldErrors errors = new FieldErrors();
        ScopeLimits.check(scope, allowLargeScope, errors, "");
        errors.throwIfAny();
        List<Cidr> excludedRanges = scope.outOfScope().stream()
                .filter(Cidr.class::isInstance).map(Cidr.class::cast).toList();
        List<ScopePreview.Range> ranges = new ArrayList<>();
        BigInteger testable = BigInteger.ZERO;
        for (Cidr range : scope.inScopeCidrs()) {
            List<Cidr> excluding = excludedRanges.stream().filter(range::overlaps).toList();
            List<PlatformDenyList.Rule> denying = denyList.everyDenying(range);
            List<Cidr> deniedRanges = denying.stream().map(PlatformDenyList.Rule::range).toList();
            List<Cidr> removed = new ArrayList<>(excluding);
            removed.addAll(deniedRanges);
            List<ScopePreview.Denial> denials = denying.stream()
                    .map(rule -> new ScopePreview.Denial(rule.name(), rule.range().text(), covered(range, List.of(rule.range()))))
                    .toList();
            BigInteger left = range.size().subtract(covered(range, removed));
            testable = testable.add(left);
            ranges.add(new ScopePreview.Range(range.text(), range.size(), covered(range, excluding),
                    excluding.stream().map(Cidr::text).toList(), denials, covered(range, deniedRanges), left));
        }
        List<ScopePreview.Domain> domains = scope.inScopeDomains().stream()
                .map(domain -> new ScopePreview.Domain(domain.text(), excludingPattern(scope, domain)))
                .toList();
        return new ScopePreview(ranges, domains, testable);
    }

    /**
     * How many addresses of {@code range} lie in the union of {@code others}. Two CIDRs are either nested or
     * disjoint, so the union is the sum over the outermost ones.
     */
    static BigInteger covered(Cidr range, List<Cidr> others) {
        if (others.stream().anyMatch(other -> other.contains(range))) {
            return range.size();
        }
        List<Cidr> inside = others.stream().filter(range::contains).distinct().toList();
        return inside.stream()
                .filter(c -> inside.stream().noneMatch(o -> !o.equals(c) && o.contains(c)))
                .map(Cidr::size)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    private static String excludingPattern(Scope scope, HostPattern domain) {
        String name = domain.isWildcard() ? "www." + domain.domain() : domain.text();
        return scope.outOfScope().stream()
                .filter(e -> e instanceof HostPattern p && p.matches(name))
                .map(ScopeEntry::text)
                .findFirst().orElse(null);
    }
}
