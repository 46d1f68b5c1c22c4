package com.aitesting.api.web;

import com.aitesting.api.web.json.RunLifecycleResponse;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Controller("/v2/run-lifecycle")
@Tag(name = "runs")
public class RunLifecycleController {
    private static final RunLifecycleResponse LIFECYCLE = RunLifecycleResponse.of();

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRunLifecycle", summary = "The run lifecycle's rules: which controls move a run in which "
            + "status, and the status after each lifecycle event")
    public RunLifecycleResponse lifecycle(@Parameter(hidden = true) Actor actor) {
        return LIFECYCLE;
    }
}
