package com.aitesting.api.web.json;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The documented shape of every error (RFC 9457); written by {@link com.aitesting.api.problem.Problems}. */
@Schema(name = "Problem", description = "RFC 9457 problem details. Conflicts add members such as current_status "
        + "or next_window_opens_at; 500s add correlation_id.")
public record ProblemJson(
        @Schema(example = "https://ai-testing.dev/problems/validation") String type,
        String title,
        int status,
        String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "Field-level problems (400, 422)") List<FieldError> errors) {

    @Schema(name = "FieldError")
    public record FieldError(@Schema(example = "scope.in_scope_cidrs[0]") String field, String message) {}
}
