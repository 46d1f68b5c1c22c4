package com.aitesting.api.stream;

import com.aitesting.api.web.EventLinks;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.IssueStreamToken;
import com.aitesting.core.stream.ResumePoint;
import com.aitesting.core.stream.StreamRunEvents;
import com.aitesting.core.stream.StreamToken;
import com.aitesting.core.tenant.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
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
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Live progress of a run as Server-Sent Events (docs/streaming.md), and the stream token for browsers. */
@Controller("/v2/runs/{run_id}")
@Tag(name = "runs")
public final class RunEventsController {
    static final String X_ACCEL_BUFFERING = "X-Accel-Buffering";
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final StreamRunEvents streams;
    private final IssueStreamToken issueToken;
    private final StreamSettings settings;
    private final SseFrames frames;
    private final ExecutorService readers;
    private final Scheduler timerScheduler;
    private final StreamTokenVerifier tokenVerifier;
    private final EventLinks links;

    public RunEventsController(StreamRunEvents streams, IssueStreamToken issueToken, StreamTokenVerifier tokenVerifier,
                               StreamSettings settings, SseFrames frames,
                               @Named(StreamFactory.READERS) ExecutorService readers,
                               @Named(StreamFactory.TIMER) ScheduledExecutorService timer,
                               EventLinks links) {
        this.tokenVerifier = tokenVerifier;
        this.links = links;
        this.streams = streams;
        this.issueToken = issueToken;
        this.settings = settings;
        this.frames = frames;
        this.readers = readers;
        this.timerScheduler = Schedulers.fromExecutorService(timer, StreamFactory.TIMER);
    }

    /**
     * The response of POST /v2/runs/{run_id}/stream-token; {@code websocketUrl} is null when this server does
     * not offer the WebSocket (then the stream is SSE only).
     */
    public record StreamTokenResponse(String token, Instant expiresAt, String eventsUrl, @Nullable String websocketUrl) {}

    @Operation(summary = "Stream a run's events (text/event-stream)",
            description = "History after Last-Event-ID (header, wins) or ?after=, then live events; ends after the "
                    + "terminal event, or when the credential that opened it (stream token, JWT) expires. 204 when resuming at or after the terminal event (an EventSource then stops), "
                    + "400 when resuming past the run's last event. Authenticate with the usual credentials, or with ?stream_token= from "
                    + "POST /v2/runs/{run_id}/stream-token.")
    @Get(uri = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    public CompletableFuture<HttpResponse<Publisher<byte[]>>> events(HttpRequest<?> request,
                                                  @PathVariable("run_id") String runId,
                                                  @Nullable @Header(LAST_EVENT_ID) String lastEventId,
                                                  @Nullable @QueryValue("after") String after,
                                                  @Parameter(description = "from POST /v2/runs/{run_id}/stream-token")
                                                  @Nullable @QueryValue(StreamTokenCredential.PARAMETER) String streamToken) {
        // The checks query the database, so they run on the reader pool rather than the event loop. (Not
        // @ExecuteOn: Micronaut then re-schedules the returned Publisher via micronaut-context-propagation.)
        return CompletableFuture.supplyAsync(() -> {
            RunId run = RunId.parse(runId);
            if (request.getHeaders().getAll(LAST_EVENT_ID).size() > 1) {
                // as a repeated ?after is: two positions, and no way to tell which the client meant
                throw InvalidInputException.of(LAST_EVENT_ID, "must be given once");
            }
            ResumePoint from = ResumePoint.of(lastEventId, after);
            StreamAccess access = tokenVerifier.access(request, streamToken, run);
            StreamRunEvents.Feed feed = streams.open(access.tenant(), run, from);
            if (feed.hasAll()) {
                // at or after the terminal event: 204 is what makes an EventSource stop reconnecting (HTML
                // spec), where an empty 200 that closes has it ask again every retry interval, forever
                return HttpResponse.<Publisher<byte[]>>noContent().header(HttpHeaders.CACHE_CONTROL, "no-store");
            }
            return HttpResponse.ok((Publisher<byte[]>) RunEventStream.of(feed, from.afterSeq(), access.expiresAt(),
                            settings, frames, readers, timerScheduler))
                    .contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .header(X_ACCEL_BUFFERING, "no"); // nginx and similar proxies: pass each event on at once
        }, readers);
    }

    @Operation(summary = "Issue a short-lived token that opens this run's event stream without headers (for EventSource)")
    @Post(uri = "/stream-token", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING) // checks the run in the database
    public StreamTokenResponse streamToken(@Parameter(hidden = true) Actor actor, @PathVariable("run_id") String runId) {
        RunId run = RunId.parse(runId);
        StreamToken token = issueToken.execute(tokenVerifier.current(actor), run); // a lapsed JWT mints nothing
        String query = StreamTokenCredential.PARAMETER + "=" + URLEncoder.encode(token.value(), StandardCharsets.US_ASCII);
        return new StreamTokenResponse(token.value(), token.expiresAt(), links.events(run, query),
                links.webSocket(query).orElse(null));
    }
}
