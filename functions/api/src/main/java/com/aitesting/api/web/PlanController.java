package com.aitesting.api.web;

import com.aitesting.api.web.json.CreatePlanRequest;
import com.aitesting.api.web.json.PlanOptionsResponse;
import com.aitesting.api.web.json.PlanPreviewResponse;
import com.aitesting.api.web.json.PlanResponse;
import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.idempotency.IdempotencyKey;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.plan.CreatePlan;
import com.aitesting.core.plan.CreatePlanCommand;
import com.aitesting.core.plan.GetPlan;
import com.aitesting.core.plan.ListPlanOptions;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

@Controller("/v1")
@Tag(name = "plans")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
@ApiResponse(responseCode = "404", description = "No such engagement or plan for this tenant",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public class PlanController {
    private final CreatePlan create;
    private final GetPlan get;
    private final ListPlanOptions options;
    private final IdempotencyKeys keys;

    public PlanController(CreatePlan create, GetPlan get, ListPlanOptions options, IdempotencyKeys keys) {
        this.create = create;
        this.get = get;
        this.options = options;
        this.keys = keys;
    }

    @Post(uri = "/engagements/{id}/plan", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPlan", summary = "Plan tests for an engagement: resolves agents, ordered steps and the estimated duration")
    @ApiResponse(responseCode = "201", description = "Created; Location names it. A retry with the same Idempotency-Key "
            + "answers the plan that key created with Idempotent-Replayed: true",
            content = @Content(schema = @Schema(implementation = PlanResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed input, or a malformed or repeated Idempotency-Key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "422", description = "Unknown test, a test above the plan's risk tier, a plan above the "
            + "engagement's, or a test whose target kind the scope lacks (each named in errors[]); idempotency-key-reused: "
            + "the Idempotency-Key created a plan for another request (another body or engagement)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<PlanResponse> create(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                             @PathVariable String id,
                                             @Parameter(description = IdempotencyKeys.DESCRIPTION)
                                             @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                             @Body CreatePlanRequest body) {
        var keyed = keys.request(request, idempotencyKey, "/v1/engagements/{id}/plan", body);
        IdempotentCreation.Created<Plan> created = create.execute(actor, command(id, body), keyed);
        Plan plan = created.resource();
        return keys.created(created, PlanResponse.of(plan), URI.create(location(plan)));
    }

    @Get(uri = "/engagements/{id}/plan/options", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listPlanOptions", summary = "Every catalog test, whether a plan of this engagement may select "
            + "it, and if not why (risk tier, target kinds)")
    @ApiResponse(responseCode = "200", description = "The options",
            content = @Content(schema = @Schema(implementation = PlanOptionsResponse.class)))
    public PlanOptionsResponse options(@Parameter(hidden = true) Actor actor, @PathVariable String id,
                                       @Parameter(description = "The plan's risk tier; default: the engagement's")
                                       @QueryValue("risk_tier") @Nullable String riskTier) {
        return PlanOptionsResponse.of(options.execute(actor, EngagementId.parse(id),
                riskTier == null ? null : RiskTier.fromWire(riskTier)));
    }

    @Post(uri = "/engagements/{id}/plan/preview", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "previewPlan", summary = "The plan POST /v1/engagements/{id}/plan would create (ordered steps, "
            + "estimated duration) with the same errors, without storing it")
    @ApiResponse(responseCode = "200", description = "The plan as it would be created",
            content = @Content(schema = @Schema(implementation = PlanPreviewResponse.class)))
    @ApiResponse(responseCode = "422", description = "The same rule violations as creating it",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public PlanPreviewResponse preview(@Parameter(hidden = true) Actor actor, @PathVariable String id,
                                       @Body CreatePlanRequest body) {
        return PlanPreviewResponse.of(create.preview(actor, command(id, body)));
    }

    @Get(uri = "/plans/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPlan", summary = "One plan")
    @ApiResponse(responseCode = "200", description = "The plan", content = @Content(schema = @Schema(implementation = PlanResponse.class)))
    public PlanResponse get(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return PlanResponse.of(get.execute(actor, PlanId.parse(id)));
    }

    @Get(uris = {"/engagements/{engagementId}/plans/{id}", "/engagements/{engagementId}/plan/{id}"}, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getPlanOfEngagement", summary = "One plan, addressed under its engagement")
    @ApiResponse(responseCode = "200", description = "The plan", content = @Content(schema = @Schema(implementation = PlanResponse.class)))
    public PlanResponse getUnderEngagement(@Parameter(hidden = true) Actor actor, @PathVariable String engagementId,
                                           @PathVariable String id) {
        EngagementId engagement = EngagementId.parse(engagementId);
        Plan plan = get.execute(actor, PlanId.parse(id));
        if (!plan.engagementId().equals(engagement)) {
            throw new NotFoundException("plan", id); // the plan exists, but not under this URL
        }
        return PlanResponse.of(plan);
    }

    private static CreatePlanCommand command(String engagementId, CreatePlanRequest body) {
        return CreatePlanCommand.parse(EngagementId.parse(engagementId), body.selectedTestIds(), body.strategy(), body.riskTier());
    }

    static String location(Plan plan) {
        return "/v1/engagements/" + plan.engagementId() + "/plans/" + plan.id();
    }
}
