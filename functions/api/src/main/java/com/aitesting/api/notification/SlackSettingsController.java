package com.aitesting.api.notification;

import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.core.notification.SetSlackWebhook;
import com.aitesting.core.notification.SlackWebhookSettingsUseCases;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * /v2/settings/slack: a tenant's own Slack webhook, which overrides the deployment's default (SLACK_WEBHOOK)
 * for its run notifications. The URL is a bearer secret for the channel: it is accepted, stored, and from then
 * on shown masked only; it is never logged here (the core's WebhookUrl prints masked).
 */
@Controller("/v2/settings/slack")
@Tag(name = "settings")
@ExecuteOn(TaskExecutors.BLOCKING) // each call is a database transaction
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public final class SlackSettingsController {
    /** Masked, but still about a secret: no shared cache or browser history should keep it. */

    private final SlackWebhookSettingsUseCases settings;
    private final SlackDefaultWebhook deploymentDefault;

    public SlackSettingsController(SlackWebhookSettingsUseCases settings, SlackDefaultWebhook deploymentDefault) {
        this.settings = settings;
        this.deploymentDefault = deploymentDefault;
    }

    @Put(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "setSlackWebhook", summary = "Set the tenant's Slack webhook (replaces any previous one)",
            description = "The URL must be https to an allowed host (Slack's webhook hosts and SLACK_ALLOWED_HOSTS); "
                    + "IP addresses, internal names and addresses are refused with a reason; loopback receivers only "
                    + "when the deployment sets SLACK_ALLOW_LOOPBACK_HTTP=true (local testing). It is stored "
                    + "encrypted and write-only: the response and every later GET show it masked.")
    @ApiResponse(responseCode = "200", description = "Set; the masked view",
            content = @Content(schema = @Schema(implementation = SlackSettingsResponse.class)))
    @ApiResponse(responseCode = "400", description = "webhook_url missing, not a string, malformed, too long, not "
            + "https, off the allow list, pointing to an internal address, or carrying credentials or a fragment; "
            + "errors[].message names the reason; nothing is written",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<SlackSettingsResponse> setWebhook(@Parameter(hidden = true) Actor actor, @Body SetSlackWebhookRequest body) {
        SetSlackWebhook command = SetSlackWebhook.of(body.webhookUrl());
        return HttpResponse.ok(SlackSettingsResponse.of(settings.set(actor, command), deploymentDefault));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSlackSettings", summary = "The tenant's Slack settings, masked",
            description = "With no webhook of its own, configured is false and default_applies says whether the "
                    + "deployment's default webhook receives this tenant's notifications (its URL is never shown).")
    @ApiResponse(responseCode = "200", description = "The masked view",
            content = @Content(schema = @Schema(implementation = SlackSettingsResponse.class)))
    public HttpResponse<SlackSettingsResponse> getSettings(@Parameter(hidden = true) Actor actor) {
        return HttpResponse.ok(SlackSettingsResponse.of(settings.view(actor), deploymentDefault));
    }

    @Delete
    @Operation(operationId = "removeSlackWebhook", summary = "Remove the tenant's Slack webhook (the deployment default, if any, applies again)",
            description = "Idempotent: removing a webhook that is not set is also 204.")
    @ApiResponse(responseCode = "204", description = "Removed, or there was none")
    public HttpResponse<Void> removeWebhook(@Parameter(hidden = true) Actor actor) {
        settings.remove(actor);
        return HttpResponse.noContent();
    }
}
