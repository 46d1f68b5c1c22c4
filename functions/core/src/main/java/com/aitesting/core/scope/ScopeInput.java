package com.aitesting.core.scope;

import java.util.List;

/**
 * A scope as the API receives it: every field raw and nullable, so that {@link Scope#parse} can report all
 * problems at once under their JSON paths. Missing lists count as empty; risk_tier is required; a missing
 * rate_limit is {@link RateLimit#DEFAULT}.
 */
public record ScopeInput(
        List<String> inScopeDomains,
        List<String> inScopeCidrs,
        List<String> outOfScope,
        String riskTier,
        List<WindowInput> windows,
        Integer rateLimit) {

    /** A scope with the default rate limit. */
    public ScopeInput(List<String> inScopeDomains, List<String> inScopeCidrs, List<String> outOfScope, String riskTier,
                      List<WindowInput> windows) {
        this(inScopeDomains, inScopeCidrs, outOfScope, riskTier, windows, null);
    }

    /** The raw form of a parsed scope: {@code Scope.parse(ScopeInput.of(scope))} gives {@code scope} back. */
    public static ScopeInput of(Scope scope) {
        return new ScopeInput(
                scope.inScopeDomains().stream().map(ScopeEntry::text).toList(),
                scope.inScopeCidrs().stream().map(ScopeEntry::text).toList(),
                scope.outOfScope().stream().map(ScopeEntry::text).toList(),
                scope.riskTier().wire(),
                scope.windows().windows().stream().map(WindowInput::of).toList(),
                scope.rateLimit());
    }
}
