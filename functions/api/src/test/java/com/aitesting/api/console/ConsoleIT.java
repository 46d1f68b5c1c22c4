package com.aitesting.api.console;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.TestServer;
import com.aitesting.core.run.RunEventType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's files over real HTTP: served without credentials, with their types and security headers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleIT {
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/console", "/console/", "/console/index.html"})
    void thePageIsServedWithoutCredentialsAndWithItsSecurityHeaders(String path) {
        TestServer.Response r = server.get(path, Map.of());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("<script type=\"module\" src=\"/console/app.js\">");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline")
                .as("one server: the streams are its own").contains("connect-src 'self';");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void everyModuleTheAppImportsIsServedAsJavaScript() {
        for (String module : new String[] {"app.js", "api.js", "dom.js", "forms.js", "engagement-form.js",
                "plan-builder.js", "findings.js", "run-view.js", "run-stream.js"}) {
            TestServer.Response r = server.get("/console/" + module, Map.of());
            assertThat(r.status()).as(module).isEqualTo(200);
            // browsers refuse a module script served with a non-JavaScript type (nosniff)
            assertThat(r.header("Content-Type")).as(module).startsWith("application/javascript");
        }
        assertThat(server.get("/console/console.css", Map.of()).header("Content-Type")).startsWith("text/css");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/console/missing.js", "/console/application.yml", "/console/..%2Fapplication.yml",
            "/console/%2E%2E%2Flogback.xml", "/console/App.js"})
    void anythingElseIsNotFound(String path) {
        assertProblem(server.get(path, Map.of()), 404, "not-found");
    }

    /** EventSource hands a named event only to a listener for that name: a type the page lacks stalls it. */
    @Test
    void theRunStreamListensForEveryEventTypeTheServerWrites() throws IllegalAccessException {
        String stream = server.get("/console/run-stream.js", Map.of()).body();
        for (Field field : RunEventType.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                assertThat(stream).as("run-stream.js EVENT_TYPES").contains("'" + field.get(null) + "'");
            }
        }
    }
}
