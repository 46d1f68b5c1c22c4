package com.aitesting.api.web;

import com.aitesting.api.web.json.CatalogResponse;
import com.aitesting.core.catalog.GetCatalog;
import com.aitesting.core.tenant.Actor;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

@Controller("/v1/catalog")
@Tag(name = "catalog")
public class CatalogController {
    private final GetCatalog catalog;

    public CatalogController(GetCatalog catalog) {
        this.catalog = catalog;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCatalog", summary = "The tests a plan can select: risk tier, target kinds, default agent, steps with nominal durations")
    public CatalogResponse catalog(@Parameter(hidden = true) Actor actor) {
        return CatalogResponse.of(catalog.execute(actor));
    }
}
