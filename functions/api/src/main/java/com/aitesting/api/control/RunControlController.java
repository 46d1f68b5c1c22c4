package com.aitesting.api.control;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.control.ControlOutcome;
import com.aitesting.core.control.ControlRun;
import com.aitesting.core.control.ControlRunCommand;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;

/** POST /v2/runs/{run_id}/control: pause, resume or abort a run (docs/architecture.md, run lifecycle). */
@Controller("/v2/runs/{run_id}")
@Tag(name = "runs")
@ExecuteOn(TaskExecutors.BLOCKING) // the use case runs a database transaction and may call the workflow engine
public final class RunControlController {
    static final String ALLOWED = Arrays.stream(ControlAction.values()).map(ControlAction::wire)
            .collect(Collectors.joining(", "));

    private final ControlRun controlRun;
    private final ObjectMapper json;

    public RunControlController(ControlRun controlRun, ObjectMapper json) {
        this.controlRun = controlRun;
        this.json = json;
    }

    /** The answer: the action was accepted, and the run's status right after it. */
    @Schema(name = "ControlResult")
    public record ControlResponse(
            @Schema(format = "uuid") String runId,
            @Schema(allowableValues = {"pause", "resume", "abort"}) String action,
            @Schema(description = "always true: a refused control is a problem response") boolean accepted,
            @Schema(allowableValues = {"queued", "running", "pausing", "paused", "completed", "failed", "aborted"}) String status) {}

    @Schema(name = "ControlRequest")
    record ControlRequestSchema(@Schema(allowableValues = {"pause", "resume", "abort"}, requiredMode = Schema.RequiredMode.REQUIRED) String action) {}

    @Operation(summary = "Pause, resume or abort a run",
            description = "pause stops the run at its next step boundary, resume lets it go on, abort ends it at once. "
                    + "Which statuses allow each action, and the status it leads to, are served by GET /v2/run-lifecycle "
                    + "(the rules the server applies). A pause of a run already pausing or paused is accepted without a second "
                    + "event. A refused action is 409 with the run's current status.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ControlRequestSchema.class))))
    @ApiResponse(responseCode = "200", description = "accepted", content = @Content(schema = @Schema(implementation = ControlResponse.class)))
    @ApiResponse(responseCode = "400", description = "malformed body or unknown action; the problem lists the allowed actions")
    @ApiResponse(responseCode = "404", description = "no such run for this tenant")
    @ApiResponse(responseCode = "409", description = "not allowed in the run's current status")
    @Post(uri = "/control", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public ControlResponse control(@Parameter(hidden = true) Actor actor, @PathVariable("run_id") String runId,
                                   @Parameter(hidden = true) @Body @Nullable byte[] body) {
        RunId run = RunId.parse(runId);
        ControlOutcome outcome = controlRun.execute(actor, ControlRunCommand.parse(run, action(body)));
        return new ControlResponse(outcome.run().id().toString(), outcome.action().wire(), true,
                outcome.run().status().wire());
    }

    /**
     * The body is read here rather than bound by the framework so that every malformed body, not only an
     * unknown action, gets the same answer: a 400 that lists the allowed actions. Read as bytes, as the other
     * bodies are: JSON is UTF-8 (RFC 8259), and a charset parameter the JDK does not know must not matter.
     */
    private String action(@Nullable byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) { // malformed JSON: reading a byte array fails no other way
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw InvalidInputException.of("body", "must be a JSON object {\"action\": \"...\"} with action one of: " + ALLOWED);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("action")) {
                throw InvalidInputException.of(name, "is not a known property; the body is {\"action\": \"...\"} with action one of: " + ALLOWED);
            }
        }
        JsonNode action = node.get("action");
        // ControlAction.parse turns anything but a known action (missing, null, another type) into a 400 listing them.
        return action != null && action.isTextual() ? action.asText() : null;
    }
}
