package com.aitesting.api.web;

import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.api.web.json.RunResponse;
import com.aitesting.api.web.json.StartRunRequest;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.idempotency.IdempotencyKey;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.run.GetRun;
import com.aitesting.core.run.ListRuns;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunDetail;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.StartRun;
import com.aitesting.core.run.StartRunCommand;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.page.PageRequest;
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/** Runs of a plan. The spec calls them "tests" in v1 ({@code POST /v1/tests}); v2 calls them runs. */
@Controller("/v1")
@Tag(name = "runs")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
@ApiResponse(responseCode = "404", description = "No such engagement, plan or run for this tenant",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public class RunController {
    private final StartRun start;
    private final GetRun get;
    private final ListRuns list;
    private final EventLinks links;
    private final IdempotencyKeys keys;

    public RunController(StartRun start, GetRun get, ListRuns list, EventLinks links, IdempotencyKeys keys) {
        this.start = start;
        this.get = get;
        this.list = list;
        this.links = links;
        this.keys = keys;
    }

    @Post(uri = "/tests", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "startRun", summary = "Start a run of a plan; it is queued and its events stream at events_url")
    @ApiResponse(responseCode = "201", description = "Created; Location names it. The status is the run's when the response "
            + "is written: queued, or already running when the engine began it first (follow events_url for what comes next). "
            + "A retry with the same Idempotency-Key answers the run that key started, as it is now, with Idempotent-Replayed: true",
            content = @Content(schema = @Schema(implementation = RunResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed input, or a malformed or repeated Idempotency-Key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "409", description = "Outside the engagement's testing windows (next_window_opens_at says when)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "422", description = "The plan belongs to another engagement; real mode: no recorded "
            + "authorization, or a test that is not executable; idempotency-key-reused: the Idempotency-Key started a run "
            + "for another request",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<RunResponse> start(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                           @Parameter(description = IdempotencyKeys.DESCRIPTION)
                                           @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                           @Body StartRunRequest body) {
        var keyed = keys.request(request, idempotencyKey, "/v1/tests", body);
        IdempotentCreation.Created<Run> created = start.execute(actor, StartRunCommand.parse(body.engagementId(), body.planId()), keyed);
        Run run = created.resource();
        return keys.created(created, RunResponse.of(run, links.events(run.id(), null)), URI.create("/v1/tests/" + run.id()));
    }

    @Get(uri = "/tests/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRun", summary = "One run: status, current step, percent, and its notification deliveries")
    @ApiResponse(responseCode = "200", description = "The run", content = @Content(schema = @Schema(implementation = RunResponse.class)))
    public RunResponse get(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        RunDetail detail = get.execute(actor, RunId.parse(id));
        return RunResponse.of(detail, links.events(detail.run().id(), null));
    }

    @Get(uri = "/engagements/{id}/tests", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRunsOfEngagement", summary = "The runs of an engagement, newest first, one page at a time",
            description = Paging.DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "A page (JSON array); a Link header with rel=\"next\" names the next one",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = RunResponse.class))))
    public HttpResponse<List<RunResponse>> listOfEngagement(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                                            @PathVariable String id,
                                                            @Parameter(description = Paging.LIMIT) @QueryValue @Nullable String limit,
                                                            @Parameter(description = Paging.CURSOR) @QueryValue @Nullable String cursor) {
        return runs(actor, request, id, limit, cursor);
    }

    @Get(uri = "/tests", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRuns", summary = "The runs of an engagement, newest first (same as /v1/engagements/{id}/tests)",
            description = Paging.DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "A page (JSON array); a Link header with rel=\"next\" names the next one",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = RunResponse.class))))
    public HttpResponse<List<RunResponse>> list(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                                @Parameter(description = "The engagement whose runs to list", required = true)
                                                @QueryValue("engagement_id") String engagementId,
                                                @Parameter(description = Paging.LIMIT) @QueryValue @Nullable String limit,
                                                @Parameter(description = Paging.CURSOR) @QueryValue @Nullable String cursor) {
        return runs(actor, request, engagementId, limit, cursor);
    }

    private HttpResponse<List<RunResponse>> runs(Actor actor, HttpRequest<?> request, String engagementId, String limit, String cursor) {
        EngagementId engagement = EngagementId.parse(engagementId);
        PageRequest page = Paging.request(request, limit, cursor);
        return Paging.respond(request, list.execute(actor, engagement, page).map(r -> RunResponse.of(r, links.events(r.id(), null))), page);
    }
}
