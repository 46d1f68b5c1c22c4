package com.aitesting.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * Suppressions of cdk-nag findings, each with its reason, called next to the construct it concerns.
 * Applied to the construct and its children (a function's role and default policy are children).
 */
final class Nag {

    private Nag() {
    }

    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** Suppresses only the findings whose detail (e.g. "Resource::*") matches one of {@code appliesTo}. */
    static void suppress(IConstruct construct, String rule, String reason, List<String> appliesTo) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }

    /** As {@link #suppress(IConstruct, String, String, List)}, with a regular expression such as "/^Resource::.*$/". */
    static void suppressMatching(IConstruct construct, String rule, String reason, String regex) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder().id(rule).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build())).build()), true);
    }
}
