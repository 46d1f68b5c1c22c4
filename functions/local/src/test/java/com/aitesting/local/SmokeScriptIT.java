package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/smoke.sh (`./dev smoke`, run after a deploy) against the local stack on a free port: its HTTP,
 * SSE and control steps are the ones it runs through the API URL and the function URL of a deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeScriptIT {
    private static final String DEV_HEADERS = "X-Dev-User: yered\nX-Dev-Email: yered@example.com\nX-Tenant-Id: t_demo";
    private LocalRuntime runtime;

    @BeforeAll
    void start(@TempDir Path dir) {
        for (String tool : List.of("bash", "curl", "jq")) {
            assertThat(onPath(tool)).as("%s is needed to run scripts/smoke.sh (./dev installs curl and jq)", tool).isTrue();
        }
        runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("pgdata"), true, null));
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyStepPassesAgainstAWorkingStack(@TempDir Path dir) throws Exception {
        // The outputs file as `cdk deploy --outputs-file` writes it.
        Path outputs = dir.resolve("outputs.json");
        Files.writeString(outputs, "{\"AiTesting-local\":{\"ApiUrl\":\"" + runtime.apiUrl() + "/\",\"EventStreamUrl\":\""
                + runtime.apiUrl() + "\",\"StateMachineArn\":\"local\"}}");

        Result result = smoke(List.of(outputs.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("PASS health")
                .contains("PASS engagement").contains("PASS plan").contains("PASS run").contains("PASS status")
                .containsPattern("PASS SSE through the function URL: event: run\\.")
                .contains("PASS paused")
                .containsPattern("PASS resumed: (running|completed)")
                .contains("smoke: every step passed")
                .doesNotContain("FAIL");
    }

    @Test
    void anUnreachableStreamUrlFailsTheSseStepAndTheExitStatus() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result = smoke(List.of("ApiUrl=" + runtime.apiUrl(), "EventStreamUrl=http://127.0.0.1:" + closedPort));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("PASS health").contains("FAIL SSE").contains("step(s) FAILED");
    }

    @Test
    void noCredentialsStopsBeforeAnyRequest() throws Exception {
        Result result = smoke(List.of("ApiUrl=" + runtime.apiUrl(), "EventStreamUrl=" + runtime.apiUrl()), null);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("set AIT_JWT").doesNotContain("PASS");
    }

    @Test
    void aJwtIsSentAsABearerTokenAndItsTenantClaimNamesTheTenant() throws Exception {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"yered\",\"tenant_id\":\"t_demo\"}".getBytes(StandardCharsets.UTF_8));
        Result result = smoke(List.of("ApiUrl=" + runtime.apiUrl(), "EventStreamUrl=" + runtime.apiUrl()),
                null, "eyJhbGciOiJub25lIn0." + payload + ".c2ln");

        // The local stack runs AUTH_MODE=dev, so the bearer token is refused: the first authenticated step says so.
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).doesNotContain("no tenant").contains("PASS health").contains("FAIL engagement: HTTP 401");
    }

    private record Result(int exitCode, String output) {}

    private Result smoke(List<String> args) throws IOException, InterruptedException {
        return smoke(args, DEV_HEADERS);
    }

    private Result smoke(List<String> args, String headers) throws IOException, InterruptedException {
        return smoke(args, headers, null);
    }

    private Result smoke(List<String> args, String headers, String jwt) throws IOException, InterruptedException {
        Path script = Path.of("../../scripts/smoke.sh").toAbsolutePath().normalize();
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("AIT_JWT");
        builder.environment().remove("AIT_AUTH_HEADERS");
        builder.environment().remove("AIT_TENANT");
        if (headers != null) {
            builder.environment().put("AIT_AUTH_HEADERS", headers);
        }
        if (jwt != null) {
            builder.environment().put("AIT_JWT", jwt);
        }
        builder.environment().put("AIT_SMOKE_TIMEOUT", "60");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("smoke.sh finishes").isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
