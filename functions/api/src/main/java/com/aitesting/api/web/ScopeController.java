package com.aitesting.api.web;

import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.api.web.json.ScopeJson;
import com.aitesting.api.web.json.ScopePreviewResponse;
import com.aitesting.core.scope.PreviewScope;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@Controller("/v1/scope")
@Tag(name = "engagements")
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public class ScopeController {
    private final PreviewScope preview;

    public ScopeController(PreviewScope preview) {
        this.preview = preview;
    }

    @Post(uri = "/preview", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "previewScope", summary = "What a scope expands to: addresses per CIDR, exclusions applied, "
            + "entries the platform's deny list refuses. Validates like POST /v1/engagements; stores nothing")
    @ApiResponse(responseCode = "200", description = "The preview",
            content = @Content(schema = @Schema(implementation = ScopePreviewResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed scope (the same errors[] as POST /v1/engagements, under scope.)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public ScopePreviewResponse preview(@Parameter(hidden = true) Actor actor, @Body ScopeJson scope) {
        return ScopePreviewResponse.of(preview.execute(scope.toInput()));
    }
}
