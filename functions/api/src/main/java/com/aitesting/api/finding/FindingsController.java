package com.aitesting.api.finding;

import com.aitesting.api.web.json.ProblemJson;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.finding.DefectDojoFindings;
import com.aitesting.core.finding.ExportFormat;
import com.aitesting.core.finding.ListEngagementFindings;
import com.aitesting.core.finding.ListRunFindings;
import com.aitesting.core.finding.RunFindings;
import com.aitesting.core.finding.SarifLog;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
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
@ApiResponse(responseCode = "400", description = "severity or format is not one of the allowed values",
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
    @Operation(operationId = "listRunFindings", summary = "A run's findings, most severe first; ?format=sarif or ?format=defectdojo exports them as a file")
    @ApiResponse(responseCode = "200", description = "format=json (default): the findings; sarif: a SARIF 2.1.0 log "
            + "(application/sarif+json); defectdojo: DefectDojo's Generic Findings Import JSON. Exports carry a Content-Disposition filename.",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = FindingJson.class))))
    public HttpResponse<?> ofRun(@Parameter(hidden = true) Actor actor, @PathVariable String id,
                                 @Parameter(description = "Minimum severity: info, low, medium, high or critical (default info)")
                                 @Nullable @QueryValue("severity") String severity,
                                 @Parameter(description = "json (default), sarif or defectdojo")
                                 @Nullable @QueryValue("format") String format) {
        ExportFormat export = ExportFormat.fromWire("format", format);
        Severity minimum = Severity.minimumFromWire("severity", severity);
        RunFindings found = runFindings.execute(actor, RunId.parse(id), minimum);
        String run = found.run().id().toString();
        return switch (export) {
            case JSON -> HttpResponse.ok(found.findings().stream().map(FindingJson::of).toList())
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
            case SARIF -> attachment(SarifLog.of(found, toolVersion), SARIF_JSON, "ai-testing-run-" + run + ".sarif");
            case DEFECTDOJO -> attachment(DefectDojoFindings.of(found, toolVersion), MediaType.APPLICATION_JSON,
                    "ai-testing-run-" + run + "-defectdojo.json");
        };
    }

    @Get(uri = "/engagements/{id}/findings", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listEngagementFindings", summary = "An engagement's issues over all its runs: the latest finding per fingerprint, with first and last sighting")
    @ApiResponse(responseCode = "200", description = "Most severe first, then first seen first",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = EngagementFindingJson.class))))
    public List<EngagementFindingJson> ofEngagement(@Parameter(hidden = true) Actor actor, @PathVariable String id,
                                                    @Parameter(description = "Minimum severity of the latest finding (default info)")
                                                    @Nullable @QueryValue("severity") String severity) {
        Severity minimum = Severity.minimumFromWire("severity", severity);
        return engagementFindings.execute(actor, EngagementId.parse(id), minimum).stream().map(EngagementFindingJson::of).toList();
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
