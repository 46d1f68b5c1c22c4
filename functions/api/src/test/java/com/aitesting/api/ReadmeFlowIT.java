package com.aitesting.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's curl flow (the block between the curl-flow markers) against the real server and
 * embedded PostgreSQL: replayed request by request with the README's exact bodies, and run verbatim
 * in bash with curl and jq when those are installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeFlowIT {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private TestServer server;
    private String block;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.start();
        String readme = Files.readString(readme(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<!-- curl-flow:start.*?-->\\s*```bash\\n(.*?)```\\s*<!-- curl-flow:end -->", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("README.md has the curl-flow block").isTrue();
        block = m.group(1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theReadmesRequestsCreateAnEngagementAPlanAndAQueuedRun() {
        Api api = new Api(server, "t_demo");
        // the bodies exactly as the README sends them
        String engagementBody = single(Pattern.compile("-d '(\\{\"name\".*?)'"), block);
        String planBody = single(Pattern.compile("<<'JSON'\\n(.*?)\\nJSON", Pattern.DOTALL), block);
        String runTemplate = single(Pattern.compile("-d \"(\\{.*?\\})\" \\|"), block).replace("\\\"", "\"");

        var engagement = api.post("/v1/engagements", engagementBody);
        assertThat(engagement.status()).as("%s", engagement).isEqualTo(201);
        String eng = engagement.json().path("id").asText();
        assertThat(engagement.header("Location")).isEqualTo("/v1/engagements/" + eng);
        assertThat(engagement.json().path("scope").path("in_scope_cidrs").get(0).asText()).isEqualTo("10.0.0.0/24");

        var plan = api.post("/v1/engagements/" + eng + "/plan", planBody);
        assertThat(plan.status()).as("%s", plan).isEqualTo(201);
        JsonNode p = plan.json();
        String planId = p.path("id").asText();
        assertThat(plan.header("Location")).isEqualTo("/v1/engagements/" + eng + "/plans/" + planId);
        assertThat(p.path("steps").size()).isGreaterThan(1);
        assertThat(p.path("selected_tests").get(0).path("agent").asText()).isNotBlank();
        assertThat(p.path("estimated_duration_seconds").asLong()).isPositive();

        var run = api.post("/v1/tests", runTemplate.replace("$ENG", eng).replace("$PLAN", planId));
        assertThat(run.status()).as("%s", run).isEqualTo(201);
        JsonNode r = run.json();
        String runId = r.path("id").asText();
        assertThat(r.path("status").asText()).isEqualTo("queued");
        assertThat(r.path("engagement_id").asText()).isEqualTo(eng);
        assertThat(r.path("plan_id").asText()).isEqualTo(planId);
        assertThat(r.path("events_url").asText()).isEqualTo("/v2/runs/" + runId + "/events");
        assertThat(run.header("Location")).isEqualTo("/v1/tests/" + runId);

        JsonNode status = api.get("/v1/tests/" + runId).json();
        assertThat(status.path("status").asText()).isEqualTo("queued");
        assertThat(status.path("percent").asInt()).isZero();
        assertThat(status.path("total_steps").asInt()).isEqualTo(p.path("steps").size());
        assertThat(api.get("/v1/engagements/" + eng + "/tests").json().get(0).path("id").asText()).isEqualTo(runId);
        assertThat(api.get("/v1/plans/" + planId).json()).isEqualTo(p);
        assertThat(api.get("/v1/engagements/" + eng).json()).isEqualTo(engagement.json());
    }

    @Test
    void theReadmeBlockRunsAsWrittenInBash(@TempDir Path dir) throws Exception {
        assertThat(List.of("bash", "curl", "jq")).as("bash, curl and jq must be on PATH to run the README block verbatim"
                + " (./dev installs curl and jq when missing)").allMatch(ReadmeFlowIT::onPath);
        Path script = dir.resolve("flow.sh");
        Files.writeString(script, "set -euo pipefail\n" + block);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("API", server.baseUrl());
        Process process = pb.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the block finishes").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        for (String label : List.of("engagement ", "plan ", "run ")) {
            assertThat(out).as(out).containsPattern("(?m)^" + label + UUID.pattern() + "$");
        }
        assertThat(out).contains("\"status\": \"queued\"");
    }

    private static String single(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("pattern %s in the README block", pattern).isTrue();
        return m.group(1);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static Path readme() {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("README.md");
            tried.add(candidate);
            if (Files.exists(candidate) && Files.exists(dir.resolve("dev"))) {
                return candidate;
            }
        }
        throw new AssertionError("README.md of the repository not found; tried " + tried);
    }
}
