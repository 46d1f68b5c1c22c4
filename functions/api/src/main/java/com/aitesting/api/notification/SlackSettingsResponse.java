package com.aitesting.api.notification;

import com.aitesting.core.notification.SlackWebhookView;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a tenant sees of its Slack settings: never a full webhook URL, its own or the deployment's. */
@Schema(name = "SlackSettings", description = "The caller's tenant's Slack notification target. The webhook URL "
        + "is write-only: only a masked form (scheme, host, last 4 characters) is ever returned.")
public record SlackSettingsResponse(
        @Schema(description = "The tenant has its own webhook") boolean configured,
        @Schema(description = "Which webhook run notifications go to: the tenant's own, the deployment's default "
                + "(SLACK_WEBHOOK), or none (nothing is sent)", allowableValues = {"tenant", "default", "none"})
        String source,
        @Schema(description = "True when the tenant has no webhook of its own and the deployment has a default, "
                + "which then receives this tenant's notifications") boolean defaultApplies,
        @Schema(description = "The tenant's webhook, masked; null when not configured", nullable = true,
                example = "https://hooks.slack.com/…XXXX") String webhookUrlMasked,
        @Schema(format = "date-time", nullable = true) String updatedAt,
        @Schema(description = "The user who last set it", nullable = true) String updatedBy) {

    static SlackSettingsResponse of(SlackWebhookView view, SlackDefaultWebhook deploymentDefault) {
        if (view.configured()) {
            return new SlackSettingsResponse(true, "tenant", false, view.maskedUrl(),
                    view.updatedAt().toString(), view.updatedBy());
        }
        boolean fallback = deploymentDefault.configured();
        return new SlackSettingsResponse(false, fallback ? "default" : "none", fallback, null, null, null);
    }
}
