package com.aitesting.api.web.json;

import com.aitesting.core.notification.NotificationDelivery;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunDetail;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A run (POST/GET /v1/tests): its status, progress and where to stream its events. */
@Schema(name = "Run")
public record RunResponse(
        @Schema(format = "uuid") String id,
        @Schema(allowableValues = {"queued", "running", "pausing", "paused", "completed", "failed", "aborted"}) String status,
        @Schema(description = "How the run executes, fixed when it is queued: real (probes its scope through the network "
                + "guard; needed an authorization) or simulated (probes nothing; its progress and counts are invented)",
                allowableValues = {"simulated", "real"}) String mode,
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
        @Schema(description = "seq of the latest event; the SSE id") long lastEventSeq,
        @Schema(description = "The run's notification deliveries, oldest first; only on GET /v1/tests/{id}",
                nullable = true)
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Notification> notifications) {

    /** One delivery of a run notification: never the URL, never an exception text. */
    @Schema(name = "RunNotification")
    public record Notification(
            @Schema(allowableValues = {"slack"}) String channel,
            @Schema(allowableValues = {"started", "completed", "failed", "aborted"}) String transition,
            @Schema(description = "pending while a notifier is delivering it", allowableValues = {"pending", "sent", "failed"})
            String outcome,
            @Schema(description = "HTTP posts made; 0 when the webhook was refused before any") int attempts,
            @Schema(description = "The last HTTP status the receiver answered; 0 for no answer", nullable = true) Integer lastStatus,
            @Schema(description = "Why the last attempt failed, a stable code: timeout, connection_refused, "
                    + "connection_failed, tls_failed, name_not_resolved, http_<status>, webhook_unreadable, or an "
                    + "outbound refusal (host_not_allowed, not_https, loopback_address, private_address, "
                    + "link_local_address, ...)", nullable = true, example = "http_503") String lastError,
            @Schema(description = "The same reason in a sentence", nullable = true) String lastErrorMessage,
            @Schema(format = "date-time") String claimedAt,
            @Schema(format = "date-time", nullable = true) String finishedAt) {

        static Notification of(NotificationDelivery d) {
            return new Notification(d.channel(), d.transition().wire(), d.outcome().wire(), d.attempts(), d.lastStatus(),
                    d.lastError(), d.lastErrorMessage().orElse(null), d.claimedAt().toString(), text(d.finishedAt()));
        }
    }

    /** With {@code eventsUrl} from EventLinks (absolute on AWS, where the stream is its own function URL). */
    public static RunResponse of(Run r, String eventsUrl) {
        return of(r, eventsUrl, null);
    }

    /** GET /v1/tests/{id}: the run with its notification deliveries. */
    public static RunResponse of(RunDetail detail, String eventsUrl) {
        return of(detail.run(), eventsUrl, detail.notifications().stream().map(Notification::of).toList());
    }

    private static RunResponse of(Run r, String eventsUrl, List<Notification> notifications) {
        return new RunResponse(r.id().toString(), r.status().wire(), r.mode().wire(), r.engagementId().toString(), r.planId().toString(),
                eventsUrl, r.totalSteps(), r.completedSteps(), r.currentStepIndex(), r.percent(),
                r.createdAt().toString(), text(r.startedAt()), text(r.finishedAt()), r.failureReason(), r.lastEventSeq(),
                notifications);
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
