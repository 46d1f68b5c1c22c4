package com.aitesting.api.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness with a cheap database round trip; no authentication, so load balancers and scripts can poll it. */
@Controller("/health")
@Tag(name = "health")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HealthController {
    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);

    /** The health body: {"status":"up"} or {"status":"down"}. */
    @Schema(name = "Health")
    public record Health(@Schema(allowableValues = {"up", "down"}) String status) {}

    private final DataSource dataSource;

    public HealthController(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @SecurityRequirements
    @Operation(summary = "Is the API up and can it reach its database?")
    @ApiResponse(responseCode = "200", description = "Up", content = @Content(schema = @Schema(implementation = Health.class)))
    @ApiResponse(responseCode = "503", description = "The database is unreachable", content = @Content(schema = @Schema(implementation = Health.class)))
    public HttpResponse<Health> health() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return HttpResponse.ok(new Health("up"));
        } catch (Exception e) {
            LOG.warn("Health check failed: {}", e.toString());
            return HttpResponse.<Health>status(HttpStatus.SERVICE_UNAVAILABLE).body(new Health("down"));
        }
    }
}
