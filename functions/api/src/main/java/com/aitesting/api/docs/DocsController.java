package com.aitesting.api.docs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * /docs: the Swagger UI page that micronaut-openapi generated at compile time (with its scripts copied
 * into the jar and served from /swagger-ui/res, so nothing is fetched from a CDN). It reads
 * /docs/openapi.yml, the document generated from these controllers.
 */
@Controller("/docs")
@Hidden
public class DocsController {
    private static final String PAGE = "META-INF/swagger/views/swagger-ui/index.html";

    private final byte[] page;

    public DocsController() {
        try (InputStream in = DocsController.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing: the api module was built without micronaut-openapi views");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where people type their credentials (Authorize): never inside another site's frame, as for the console. */
    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> index() {
        return HttpResponse.ok(new String(page, StandardCharsets.UTF_8)).contentType(MediaType.TEXT_HTML_TYPE)
                .header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
