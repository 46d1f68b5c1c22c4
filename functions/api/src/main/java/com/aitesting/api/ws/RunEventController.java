package com.aitesting.api.ws;

import com.aitesting.api.stream.StreamTokenCredential;
import com.aitesting.api.stream.StreamTokenVerifier;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.GetRunEvent;
import com.aitesting.core.tenant.TenantId;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Map;

/**
 * GET /v2/runs/{run_id}/events/{seq}: one event, as the SSE stream's {@code data:} envelope. The WebSocket
 * sends an event whose message would exceed its 32 KB frame as {@code "ref"} to this path.
 */
@Controller("/v2/runs/{run_id}/events/{seq}")
@Tag(name = "runs")
public final class RunEventController {
    private final GetRunEvent getEvent;
    private final StreamTokenVerifier tokenVerifier;

    public RunEventController(GetRunEvent getEvent, StreamTokenVerifier tokenVerifier) {
        this.getEvent = getEvent;
        this.tokenVerifier = tokenVerifier;
    }

    /** The envelope of one event: the same fields as an SSE {@code data:} line. */
    public record EventResponse(String runId, long seq, String type, Instant createdAt, Map<String, Object> payload) {}

    @Operation(summary = "One event of a run (what a WebSocket \"ref\" points to)")
    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public EventResponse event(HttpRequest<?> request, @PathVariable("run_id") String runId, @PathVariable("seq") String seq,
                               @Parameter(description = "from POST /v2/runs/{run_id}/stream-token")
                               @Nullable @QueryValue(StreamTokenCredential.PARAMETER) String streamToken) {
        RunId run = RunId.parse(runId);
        TenantId tenant = tokenVerifier.access(request, streamToken, run).tenant();
        RunEvent event = getEvent.execute(tenant, run, parseSeq(seq));
        return new EventResponse(event.runId().toString(), event.seq(), event.type(), event.createdAt(), event.payload());
    }

    private static long parseSeq(String seq) {
        if (seq.isEmpty() || seq.length() > 18 || !seq.chars().allMatch(Character::isDigit)) {
            throw new NotFoundException("event", seq);
        }
        return Long.parseLong(seq);
    }
}
