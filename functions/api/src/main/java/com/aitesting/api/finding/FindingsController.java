package com.aitesting.api.finding;

import com.aitesting.api.web.Paging;
import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.finding.DefectDojoFindings;
import com.aitesting.core.finding.ExportFormat;
import com.aitesting.core.finding.ListEngagementFindings;
import com.aitesting.core.finding.ListRunFindings;
import com.aitesting.core.finding.RunFindings;
import com.aitesting.core.finding.SarifLog;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
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
import java.util.List;

/** Findings of real runs (docs/findings.md): a run's, an engagement's across its runs, and a run's exports. */
@Controller("/v1")
@Tag(name = "findings")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "400", description = "severity or format is not one of the allowed values, or a bad limit or cursor",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
@ApiResponse(responseCode = "401", description = "Missing or malformed credentials",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
@ApiResponse(responseCode = "404", description = "No such run or engagement for this tenant",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
public class FindingsController {
    /** SARIF's media type (SARIF 2.1.0, section 3.1); files end in .sarif. */
    public static final String SARIF_JSON = "application/sarif+json";

    private final ListRunFindings runFindings;
    private final ListEngagementFindings engagementFindings;
    private final ObjectMapper json;
    private final String toolVersion;

    public FindingsController(ListRunFindings runFindings, ListEngagementFindings engagementFindings, ObjectMapper json) {
        this.runFindings = runFindings;
        this.engagementFindings = engagementFindings;
        this.json = json;
        this.toolVersion = ToolVersion.current();
    }

    @Get(uri = "/tests/{id}/findings", produces = {MediaType.APPLICATION_JSON, SARIF_JSON})
    @Operation(operationId = "listRunFindings", summary = "A run's findings, most severe first, then newest first; ?format=sarif or ?format=defectdojo exports them all as a file",
            description = Paging.PAGED + " The exports are whole documents, never paged: `limit` and `cursor` with a `format` other than json are a 400.")
    @ApiResponse(responseCode = "200", description = "format=json (default): a page of the findings (JSON array, a Link header with "
            + "rel=\"next\" names the next one); sarif: a SARIF 2.1.0 log (application/sarif+json); defectdojo: DefectDojo's "
            + "Generic Findings Import JSON. Exports carry every finding and a Content-Disposition filename.",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = FindingJson.class))))
    @ApiResponse(responseCode = "409", description = "An export of a run that cannot be one: nothing-tested (a simulated run, or one that "
            + "ended before a step finished and stored nothing: \"no findings\" would read as a clean scan) or run-not-finished "
            + "(queued, running, pausing or paused: export it once it has ended)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemJson.class)))
    public HttpResponse<?> ofRun(@Parameter(hidden = true) Actor actor, HttpRequest<?> request, @PathVariable String id,
                                 @Parameter(description = "Minimum severity: info, low, medium, high or critical (default info)")
                                 @Nullable @QueryValue("severity") String severity,
                                 @Parameter(description = "json (default), sarif or defectdojo")
                                 @Nullable @QueryValue("format") String format,
                                 @Parameter(description = Paging.LIMIT) @QueryValue @Nullable String limit,
                                 @Parameter(description = Paging.CURSOR) @QueryValue @Nullable String cursor) {
        ExportFormat export = ExportFormat.fromWire("format", format);
        Severity minimum = Severity.minimumFromWire("severity", severity);
        RunId run = RunId.parse(id);
        if (export == ExportFormat.JSON) {
            PageRequest page = Paging.request(request, limit, cursor);
            return Paging.respond(request, runFindings.page(actor, run, minimum, page).map(FindingJson::of), page)
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        // an export is one whole document (a SARIF log, a DefectDojo import): a page of it would be a truncated file
        if (limit != null || cursor != null) {
            throw InvalidInputException.of(limit != null ? "limit" : "cursor", "pages the JSON list only; an export holds every finding");
        }
        RunFindings found = runFindings.execute(actor, run, minimum);
        String name = "ai-testing-run-" + found.run().id();
        return export == ExportFormat.SARIF
                ? attachment(SarifLog.of(found, toolVersion), SARIF_JSON, name + ".sarif")
                : attachment(DefectDojoFindings.of(found, toolVersion), MediaType.APPLICATION_JSON, name + "-defectdojo.json");
    }

    @Get(uri = "/engagements/{id}/findings", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEngagementFindings", summary = "An engagement's issues over all its runs: the latest finding per fingerprint, with first and last sighting",
            description = Paging.PAGED)
    @ApiResponse(responseCode = "200", description = "A page (JSON array), most severe first, then the most recently first seen first; "
            + "a Link header with rel=\"next\" names the next one",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = EngagementFindingJson.class))))
    public HttpResponse<List<EngagementFindingJson>> ofEngagement(@Parameter(hidden = true) Actor actor, HttpRequest<?> request,
                                                                  @PathVariable String id,
                                                                  @Parameter(description = "Minimum severity of the latest finding (default info)")
                                                                  @Nullable @QueryValue("severity") String severity,
                                                                  @Parameter(description = "json (the default and only value: exports are per run)")
                                                                  @Nullable @QueryValue("format") String format,
                                                                  @Parameter(description = Paging.LIMIT) @QueryValue @Nullable String limit,
                                                                  @Parameter(description = Paging.CURSOR) @QueryValue @Nullable String cursor) {
        // a script asking for an export here must not get a JSON page it takes for the file
        if (ExportFormat.fromWire("format", format) != ExportFormat.JSON) {
            throw InvalidInputException.of("format", "exports are per run: GET /v1/tests/{run_id}/findings?format=" + format);
        }
        Severity minimum = Severity.minimumFromWire("severity", severity);
        PageRequest page = Paging.request(request, limit, cursor);
        return Paging.respond(request, engagementFindings.execute(actor, EngagementId.parse(id), minimum, page).map(EngagementFindingJson::of), page);
    }

    /** Written here, not by a codec: no codec claims application/sarif+json, and the maps hold the formats' own member names. */
    private HttpResponse<byte[]> attachment(Object document, String mediaType, String filename) {
        try {
            return HttpResponse.ok(json.writeValueAsBytes(document)).contentType(mediaType)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export document is plain maps, lists and scalars", e);
        }
    }
}
