package com.aitesting.api.web;

import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.api.web.json.ScopeJson;
import com.aitesting.api.web.json.ScopePreviewResponse;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.scope.PreviewScope;
import com.aitesting.core.tenant.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
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
            + "every platform deny-list rule that refuses some of them. Validates and limits like POST /v1/engagements; stores nothing")
    @ApiResponse(responseCode = "200", description = "The preview",
            content = @Content(schema = @Schema(implementation = ScopePreviewResponse.class)))
    @ApiResponse(responseCode = "400", description = "Malformed scope (the same errors[] as POST /v1/engagements, without its scope. prefix), "
            + "or allow_large_scope other than true or false",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    @ApiResponse(responseCode = "422", description = "A scope POST /v1/engagements refuses: every address, wider than /16 (IPv4) or /48 "
            + "(IPv6) or more than 1,000 entries without allow_large_scope, an IPv6 form of IPv4 addresses",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public ScopePreviewResponse preview(@Parameter(hidden = true) Actor actor, @Body ScopeJson scope,
                                        @Parameter(description = "The engagement's allow_large_scope (true or false, default false)")
                                        @Nullable @QueryValue("allow_large_scope") String allowLargeScope) {
        return ScopePreviewResponse.of(preview.execute(scope.toInput(), flag(allowLargeScope)));
    }

    /** The body is the scope itself, so the engagement's allow_large_scope comes as a query parameter. */
    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw InvalidInputException.of("allow_large_scope", "must be true or false");
    }
}
