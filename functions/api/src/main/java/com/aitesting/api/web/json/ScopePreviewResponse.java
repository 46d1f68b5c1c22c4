package com.aitesting.api.web.json;

import com.aitesting.core.scope.ScopePreview;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigInteger;
import java.util.List;

/**
 * What a scope expands to (POST /v1/scope/preview). Address counts are JSON numbers that can exceed 2^53
 * for IPv6 ranges, so they are strings.
 */
@Schema(name = "ScopePreview")
public record ScopePreviewResponse(List<Range> inScopeCidrs, List<Domain> inScopeDomains,
                                   @Schema(example = "240") String testableAddresses) {

    @Schema(name = "ScopePreviewRange")
    public record Range(
            @Schema(example = "10.0.0.0/24") String cidr,
            @Schema(example = "256") String addresses,
            @Schema(description = "Addresses that out_of_scope entries remove", example = "16") String excludedAddresses,
            @Schema(description = "The out_of_scope CIDRs that overlap this range") List<String> excludedBy,
            @Schema(description = "The first platform deny-list rule that refuses some of its addresses (e.g. platform.link_local), or null; "
                    + "denials lists them all", nullable = true) String deniedBy,
            @Schema(description = "Every deny-list rule that refuses some of its addresses") List<Denial> denials,
            @Schema(description = "Addresses the deny list refuses (the union of the denials)") String deniedAddresses,
            @Schema(description = "What is left to test", example = "240") String testableAddresses) {}

    @Schema(name = "ScopePreviewDenial")
    public record Denial(@Schema(example = "platform.reserved") String rule,
                         @Schema(description = "The rule's own range", example = "240.0.0.0/4") String cidr,
                         @Schema(description = "How many of the entry's addresses it refuses", example = "268435456") String addresses) {}

    @Schema(name = "ScopePreviewDomain")
    public record Domain(@Schema(example = "example.com") String pattern,
                         @Schema(description = "The out_of_scope pattern that excludes it, or null", nullable = true) String excludedBy) {}

    public static ScopePreviewResponse of(ScopePreview preview) {
        return new ScopePreviewResponse(
                preview.ranges().stream().map(r -> new Range(r.cidr(), text(r.addresses()), text(r.excludedAddresses()),
                        r.excludedBy(), r.deniedBy(),
                        r.denials().stream().map(d -> new Denial(d.rule(), d.cidr(), text(d.addresses()))).toList(),
                        text(r.deniedAddresses()), text(r.testableAddresses()))).toList(),
                preview.domains().stream().map(d -> new Domain(d.pattern(), d.excludedBy())).toList(),
                text(preview.testableAddresses()));
    }

    private static String text(BigInteger count) {
        return count.toString();
    }
}
