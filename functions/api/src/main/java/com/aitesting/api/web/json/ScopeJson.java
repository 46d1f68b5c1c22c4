package com.aitesting.api.web.json;

import com.aitesting.core.scope.Cidr;
import com.aitesting.core.scope.RateLimit;
import com.aitesting.core.scope.HostPattern;
import com.aitesting.core.scope.Scope;
import com.aitesting.core.scope.ScopeEntry;
import com.aitesting.core.scope.ScopeInput;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What may be tested, how hard and when; entries come back normalised (e.g. 10.0.0.5 -> 10.0.0.5/32). */
@Schema(name = "Scope")
public record ScopeJson(
        @Schema(description = "Host names; *.example.com covers subdomains", example = "[\"example.com\"]") List<String> inScopeDomains,
        @Schema(description = "IPv4/IPv6 CIDRs or addresses", example = "[\"10.0.0.0/24\"]") List<String> inScopeCidrs,
        @Schema(description = "CIDRs or host patterns excluded from the in-scope entries", example = "[]") List<String> outOfScope,
        @Schema(allowableValues = {"passive", "safe_active", "active", "intrusive"}, example = "safe_active") String riskTier,
        @Schema(description = "Testing windows; empty means any time") List<WindowJson> windows,
        @Schema(description = "Probes per second a real run may send, " + RateLimit.MIN + "-" + RateLimit.MAX
                + "; default " + RateLimit.DEFAULT, example = "100") Integer rateLimit) {

    public ScopeInput toInput() {
        return new ScopeInput(inScopeDomains, inScopeCidrs, outOfScope, riskTier,
                windows == null ? null : windows.stream().map(w -> w == null ? null : w.toInput()).toList(), rateLimit);
    }

    public static ScopeJson of(Scope scope) {
        return new ScopeJson(
                scope.inScopeDomains().stream().map(HostPattern::text).toList(),
                scope.inScopeCidrs().stream().map(Cidr::text).toList(),
                scope.outOfScope().stream().map(ScopeEntry::text).toList(),
                scope.riskTier().wire(),
                scope.windows().windows().stream().map(WindowJson::of).toList(),
                scope.rateLimit());
    }
}
