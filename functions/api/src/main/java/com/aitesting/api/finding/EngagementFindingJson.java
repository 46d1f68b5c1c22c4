package com.aitesting.api.finding;

import com.aitesting.core.finding.EngagementFinding;
import com.aitesting.core.run.RunId;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One issue of an engagement: its latest finding (flattened) with its first and last sighting. */
@Schema(name = "EngagementFinding")
public record EngagementFindingJson(
        @JsonUnwrapped FindingJson latest,
        @Schema(description = "The run that first reported it, and when") Sighting firstSeen,
        @Schema(description = "The latest run that reported it (the run of this finding), and when") Sighting lastSeen,
        @Schema(description = "How many of the engagement's runs reported it") int runsSeen) {

    /** A run that reported the issue, and when it stored it. */
    @Schema(name = "FindingSighting")
    public record Sighting(@Schema(format = "uuid") String runId, @Schema(format = "date-time") String at) {
        static Sighting of(RunId run, Instant at) {
            return new Sighting(run.toString(), at.toString());
        }
    }

    public static EngagementFindingJson of(EngagementFinding issue) {
        return new EngagementFindingJson(FindingJson.of(issue.latest()), Sighting.of(issue.firstSeenRun(), issue.firstSeenAt()),
                Sighting.of(issue.lastSeenRun(), issue.lastSeenAt()), issue.runsSeen());
    }
}
