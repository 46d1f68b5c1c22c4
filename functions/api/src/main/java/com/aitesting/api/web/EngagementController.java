package com.aitesting.api.web;

import com.aitesting.api.web.json.AuthorizationJson;
import com.aitesting.api.web.json.AuthorizationRequest;
import com.aitesting.api.web.json.CreateEngagementRequest;
import com.aitesting.api.web.json.EngagementResponse;
import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.core.engagement.AuthorizeEngagement;
import com.aitesting.core.engagement.CreateEngagement;
import com.aitesting.core.engagement.CreateEngagementCommand;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.engagement.GetEngagement;
import com.aitesting.core.engagement.ListEngagements;
import com.aitesting.core.idempotency.IdempotencyKey;
import com.aitesting.core.idempotency.IdempotentCreation;
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
import io.micronaut.http.annotation.Put;
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

@Controller("/v1/engagements")
@Tag(name = "engagements")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public class EngagementController {
    private final CreateEngagement create;
    private final ListEngagements list;
    private final GetEngagement get;
    private final AuthorizeEngagement authorize;
    private final IdempotencyKeys keys;

    public EngagementController(CreateEngagement create, ListEngagements list, GetEngagement get, AuthorizeEngagement authorize,
                                IdempotencyKeys keys) {
        this.create = create;
        this.list = list;
        this.get = get;
        this.authorize = authorize;
        this.keys = keys;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createEngagement", summary = "Declare an engagement: scope, risk tier, testing windows")
    @ApiResponse(responseCode = "201", description = "Created; Location names it. A retry with the same Idempotency-Key "
            + "answers the engagement that key created, as it is now, with Idempotent-Replayed: true",
            content = @Content(schema = @Schema(implementation = EngagementResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed input (JSON, types, CIDRs, host names, windows, "
            + "authorization.reference), or a malformed or repeated Idempotency-Key",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "422", description = "Well-formed but refused, e.g. tenant_id is not the caller's, scope.rate_limit "
            + "out of 1-10000; idempotency-key-reused: the Idempotency-Key created an engagement for another request",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<EngagementResponse> create(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                                   @Parameter(description = IdempotencyKeys.DESCRIPTION)
                                                   @Nullable @Header(IdempotencyKey.HEADER) String idempotencyKey,
                                                   @Body CreateEngagementRequest body) {
        var keyed = keys.request(request, idempotencyKey, "/v1/engagements", body);
        CreateEngagementCommand command = CreateEngagementCommand.parse(body.name(), body.tenantId(), body.type(),
                body.scope() == null ? null : body.scope().toInput(),
                body.authorization() == null ? null : new CreateEngagementCommand.AuthorizationInput(body.authorization().reference()),
                body.allowLargeScope());
        IdempotentCreation.Created<Engagement> created = create.execute(actor, command, keyed);
        Engagement engagement = created.resource();
        return keys.created(created, EngagementResponse.of(engagement), URI.create("/v1/engagements/" + engagement.id()));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEngagements", summary = "The caller's tenant's engagements, newest first, one page at a time",
            description = Paging.DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "A page (JSON array); a Link header with rel=\"next\" names the next one",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = EngagementResponse.class))))
    @ApiResponse(responseCode = "400", description = "limit out of range or a cursor this list did not issue",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<List<EngagementResponse>> list(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                                       @Parameter(description = Paging.LIMIT) @QueryValue @Nullable String limit,
                                                       @Parameter(description = Paging.CURSOR) @QueryValue @Nullable String cursor) {
        PageRequest page = Paging.request(request, limit, cursor);
        return Paging.respond(request, list.execute(actor, page).map(EngagementResponse::of), page);
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getEngagement", summary = "One engagement")
    @ApiResponse(responseCode = "200", description = "The engagement",
            content = @Content(schema = @Schema(implementation = EngagementResponse.class)))
    @ApiResponse(responseCode = "404", description = "No such engagement for this tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public EngagementResponse get(@Parameter(hidden = true) Actor actor, @PathVariable String id) {
        return EngagementResponse.of(get.execute(actor, EngagementId.parse(id)));
    }

    @Put(uri = "/{id}/authorization", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "authorizeEngagement", summary = "Record (or replace) the authorization for real runs: the caller and the time are recorded with the reference")
    @ApiResponse(responseCode = "200", description = "The engagement's current authorization",
            content = @Content(schema = @Schema(implementation = AuthorizationJson.class)))
    @ApiResponse(responseCode = "400", description = "reference missing, empty, over 200 characters or with control characters",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "404", description = "No such engagement for this tenant",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public AuthorizationJson authorize(@Parameter(hidden = true) Actor actor, @PathVariable String id, @Body AuthorizationRequest body) {
        return AuthorizationJson.of(authorize.execute(actor, EngagementId.parse(id), body.reference())
                .currentAuthorization().orElseThrow());
    }
}
