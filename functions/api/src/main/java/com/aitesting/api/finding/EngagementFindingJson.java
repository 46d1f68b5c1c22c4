package com.aitesting.api.finding;

import com.aitesting.core.finding.EngagementFinding;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

/** One issue of an engagement: its latest finding (flattened) with its first and last sighting. */
@Schema(name = "EngagementFinding")
public record EngagementFindingJson(
        @JsonUnwrapped FindingJson latest,
        @Schema(format = "uuid", description = "The run that first reported it") String firstSeenRunId,
        @Schema(format = "date-time") String firstSeenAt,
        @Schema(format = "uuid", description = "The latest run that reported it (the run of this finding)") String lastSeenRunId,
        @Schema(format = "date-time") String lastSeenAt,
        @Schema(description = "How many of the engagement's runs reported it") int runsSeen) {

    public static EngagementFindingJson of(EngagementFinding issue) {
        return new EngagementFindingJson(FindingJson.of(issue.latest()), issue.firstSeenRun().toString(),
                issue.firstSeenAt().toString(), issue.lastSeenRun().toString(), issue.lastSeenAt().toString(), issue.runsSeen());
    }
}
