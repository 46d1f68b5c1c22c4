package com.aitesting.core.scope;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.Kind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What may be tested, how hard, and when. Entries are normalised and exact duplicates dropped (first
 * occurrence kept). An out_of_scope entry outside every in-scope entry is allowed: it excludes nothing
 * today but states the customer's intent. {@code rateLimit}: probes per second a real run may send
 * ({@link RateLimit}).
 */
public record Scope(
        List<HostPattern> inScopeDomains,
        List<Cidr> inScopeCidrs,
        List<ScopeEntry> outOfScope,
        RiskTier riskTier,
        TestingWindows windows,
        int rateLimit) {

    public Scope {
        inScopeDomains = List.copyOf(inScopeDomains.stream().distinct().toList());
        inScopeCidrs = List.copyOf(inScopeCidrs.stream().distinct().toList());
        outOfScope = List.copyOf(outOfScope.stream().distinct().toList());
        Objects.requireNonNull(riskTier, "riskTier");
        Objects.requireNonNull(windows, "windows");
        rateLimit = RateLimit.check(rateLimit);
        if (inScopeDomains.isEmpty() && inScopeCidrs.isEmpty()) {
            throw InvalidInputException.unprocessable("in_scope_domains",
                    "must not be empty when in_scope_cidrs is empty: a scope needs at least one in-scope entry");
        }
    }

    /** A scope with the default rate limit ({@link RateLimit#DEFAULT}). */
    public Scope(List<HostPattern> inScopeDomains, List<Cidr> inScopeCidrs, List<ScopeEntry> outOfScope, RiskTier riskTier,
                 TestingWindows windows) {
        this(inScopeDomains, inScopeCidrs, outOfScope, riskTier, windows, RateLimit.DEFAULT);
    }

    /** Parses the API shape, reporting every error under its path relative to the scope object. */
    public static Scope parse(ScopeInput input) {
        FieldErrors errors = new FieldErrors();
        if (input == null) {
            errors.required("scope", null);
            errors.throwIfAny();
        }
        List<HostPattern> domains = each(errors, "in_scope_domains", input.inScopeDomains(), HostPattern::parse);
        List<Cidr> cidrs = each(errors, "in_scope_cidrs", input.inScopeCidrs(), Cidr::parse);
        List<ScopeEntry> excluded = each(errors, "out_of_scope", input.outOfScope(), ScopeEntry::parse);
        RiskTier tier = errors.required("risk_tier", input.riskTier()) == null
                ? null
                : errors.at("risk_tier", () -> RiskTier.fromWire(input.riskTier()));
        List<TestingWindow> windows = new ArrayList<>();
        List<WindowInput> windowInputs = input.windows() == null ? List.of() : input.windows();
        for (int i = 0; i < windowInputs.size(); i++) {
            WindowInput window = windowInputs.get(i);
            if (window == null) {
                errors.add(Kind.VALIDATION, "windows[" + i + "]", "must be an object");
                continue;
            }
            windows.add(errors.within("windows[" + i + "]", window::parse));
        }
        Integer rateLimit = errors.at("rate_limit", () -> RateLimit.check(input.rateLimit()));
        errors.throwIfAny();
        return new Scope(domains, cidrs, excluded, tier, new TestingWindows(windows), rateLimit);
    }

    private static <T> List<T> each(FieldErrors errors, String field, List<String> values, Function<String, T> parse) {
        List<T> parsed = new ArrayList<>();
        if (values == null) {
            return parsed;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            T entry = errors.at(field + "[" + i + "]", () -> parse.apply(value));
            if (entry != null) {
                parsed.add(entry);
            }
        }
        return parsed;
    }

    /** The kinds of target this scope offers, for matching against a test's target_kinds. */
    public Set<TargetKind> targetKinds() {
        Set<TargetKind> kinds = EnumSet.noneOf(TargetKind.class);
        if (!inScopeCidrs.isEmpty()) {
            kinds.add(TargetKind.CIDR);
        }
        if (!inScopeDomains.isEmpty()) {
            kinds.add(TargetKind.DOMAIN);
        }
        return kinds;
    }

    /** True when {@code host} is matched by an in-scope domain and by no out_of_scope host pattern. */
    public boolean allowsHost(String host) {
        return inScopeDomains.stream().anyMatch(d -> d.matches(host))
                && outOfScope.stream().noneMatch(e -> e instanceof HostPattern p && p.matches(host));
    }

    /** True when {@code range} lies inside an in-scope CIDR and overlaps no out_of_scope CIDR. */
    public boolean allowsRange(Cidr range) {
        return inScopeCidrs.stream().anyMatch(c -> c.contains(range))
                && outOfScope.stream().noneMatch(e -> e instanceof Cidr c && c.overlaps(range));
    }
}
