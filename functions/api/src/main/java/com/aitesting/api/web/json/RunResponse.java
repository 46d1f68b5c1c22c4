package com.aitesting.api.web.json;

import com.aitesting.core.run.Run;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A run (POST/GET /v1/tests): its status, progress and where to stream its events. */
@Schema(name = "Run")
public record RunResponse(
        @Schema(format = "uuid") String id,
        @Schema(allowableValues = {"queued", "running", "pausing", "paused", "completed", "failed", "aborted"}) String status,
        @Schema(format = "uuid") String engagementId,
        @Schema(format = "uuid") String planId,
        @Schema(description = "Server-Sent Events of this run: relative on one server, absolute (the stream's function URL) on AWS",
                example = "/v2/runs/3f1c.../events") String eventsUrl,
        int totalSteps,
        int completedSteps,
        @Schema(description = "Index into the plan's steps; null before the first step and after the last", nullable = true) Integer currentStepIndex,
        int percent,
        @Schema(format = "date-time") String createdAt,
        @Schema(format = "date-time", nullable = true) String startedAt,
        @Schema(format = "date-time", nullable = true) String finishedAt,
        @Schema(nullable = true) String failureReason,
        @Schema(description = "seq of the latest event; the SSE id") long lastEventSeq) {

    public static String eventsUrl(Run run) {
        return "/v2/runs/" + run.id() + "/events";
    }

    public static RunResponse of(Run r) {
        return of(r, eventsUrl(r));
    }

    /** With {@code eventsUrl} from EventLinks (absolute on AWS, where the stream is its own function URL). */
    public static RunResponse of(Run r, String eventsUrl) {
        return new RunResponse(r.id().toString(), r.status().wire(), r.engagementId().toString(), r.planId().toString(),
                eventsUrl, r.totalSteps(), r.completedSteps(), r.currentStepIndex(), r.percent(),
                r.createdAt().toString(), text(r.startedAt()), text(r.finishedAt()), r.failureReason(), r.lastEventSeq());
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
