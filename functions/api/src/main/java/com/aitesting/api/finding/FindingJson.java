package com.aitesting.api.finding;

import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** One finding of a run, as GET /v1/tests/{id}/findings lists it. */
@Schema(name = "Finding")
public record FindingJson(
        @Schema(format = "uuid") String id,
        @Schema(format = "uuid") String runId,
        @Schema(description = "The plan step that reported it") int stepIndex,
        @Schema(example = "http.security_headers") String testId,
        @Schema(description = "The kind of finding; stable across runs (the SARIF ruleId)", example = "http.header.hsts_missing") String ruleId,
        @Schema(allowableValues = {"info", "low", "medium", "high", "critical"}) String severity,
        String title,
        String description,
        TargetJson target,
        @Schema(description = "What was observed on the wire, e.g. the response headers or the certificate's dates") Map<String, Object> evidence,
        @Schema(description = "Same rule on the same target = same fingerprint, across runs") String fingerprint,
        @Schema(format = "date-time") String createdAt) {

    /** What the finding is about; each part null where it does not apply. */
    @Schema(name = "FindingTarget")
    public record TargetJson(@Schema(nullable = true) String host, @Schema(nullable = true) String address,
                             @Schema(nullable = true) Integer port, @Schema(nullable = true) String url) {}

    public static FindingJson of(Finding finding) {
        NewFinding f = finding.reported();
        FindingTarget t = f.target();
        return new FindingJson(finding.id().toString(), finding.run().toString(), finding.stepIndex(), f.testId(), f.ruleId(),
                f.severity().wire(), f.title(), f.description(), new TargetJson(t.host(), t.address(), t.port(), t.url()),
                f.evidence(), finding.fingerprint(), finding.createdAt().toString());
    }
}
