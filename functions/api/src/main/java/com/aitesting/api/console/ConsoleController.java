package com.aitesting.api.console;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.error.NotFoundException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URL;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Serves the run console (plain HTML, JS modules and CSS from {@code classpath:console/}) at
 * {@code /console}. The pages call the API with the dev headers themselves, so these routes carry no
 * data and need no identity. Served by a controller rather than a static-resources mapping so the
 * security headers below travel with every file, on Netty and behind API Gateway alike.
 */
@Hidden
@Controller("/console")
public class ConsoleController {
    /** Flat file names only: nothing that could climb out of the console folder. */
    private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(?:html|js|css)");

    /**
     * Same-origin everything, no inline script or style, and no Referer: the event stream URL carries
     * a stream token that must not leak to another site through a link. On AWS the page also connects to
     * the two live endpoints the API links to (EVENT_STREAM_URL, LIVE_WEBSOCKET_URL), which are other origins.
     */
    private final String csp;

    public ConsoleController(ApiConfig config) {
        StringBuilder connect = new StringBuilder("'self'");
        Stream.of(config.deployment().eventStreamUrl(), config.deployment().webSocketUrl()).flatMap(Optional::stream)
                .forEach(url -> connect.append(' ').append(url.getScheme()).append("://").append(url.getRawAuthority()));
        this.csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src " + connect
                + "; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Get
    public MutableHttpResponse<StreamedFile> index() {
        return asset("index.html");
    }

    @Get("/{name}")
    public MutableHttpResponse<StreamedFile> asset(String name) {
        URL url = ASSET.matcher(name).matches() ? getClass().getClassLoader().getResource("console/" + name) : null;
        if (url == null) {
            throw new NotFoundException("console file", name);
        }
        return HttpResponse.ok(new StreamedFile(url))
                // Small files that change with each build: revalidate rather than serve a stale page.
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", csp)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }
}
