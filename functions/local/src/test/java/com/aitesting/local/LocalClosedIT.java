package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default is closed to the network around it: the API and PostgreSQL listen on loopback
 * only, PostgreSQL asks every role for its password (the superuser's kept owner-only beside the data
 * folder), and the embedded Step Functions endpoint refuses a request without the process's token.
 */
class LocalClosedIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theApiAndTheDatabaseListenOnLoopbackOnlyAndTheSuperuserNeedsItsPassword(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pgdata");
        try (LocalRuntime runtime = new LocalRuntime().start(new LocalConfig(0, data, false, null))) {
            int apiPort = runtime.api().port();
            assertThat(listeners(apiPort)).as("sockets listening on the API port").isNotEmpty().allMatch(LocalClosedIT::isLoopback);
            int dbPort = URI.create(runtime.database().jdbcUrl().substring("jdbc:".length())).getPort();
            assertThat(listeners(dbPort)).as("sockets listening on the database port").isNotEmpty().allMatch(LocalClosedIT::isLoopback);

            String serverUrl = "jdbc:postgresql://localhost:" + dbPort + "/postgres";
            for (String password : new String[] {null, "", "postgres", "wrong"}) {
                assertThatThrownBy(() -> login(serverUrl, "postgres", password)).as("password %s", password)
                        .isInstanceOf(SQLException.class).hasMessageContaining("password");
            }
            assertThatThrownBy(() -> login(serverUrl, "ait_owner", null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> login(serverUrl, "ait_app", null)).isInstanceOf(SQLException.class);

            Path file = EmbeddedPostgresPart.passwordFile(data);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            login(serverUrl, "postgres", Files.readString(file).strip()); // the owner of the folder can
        }
        // kept folder, second start: the stored password still opens it and nothing else does
        try (LocalRuntime again = new LocalRuntime().start(new LocalConfig(0, data, false, null))) {
            int dbPort = URI.create(again.database().jdbcUrl().substring("jdbc:".length())).getPort();
            assertThatThrownBy(() -> login("jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", null))
                    .isInstanceOf(SQLException.class);
            assertThat(send(HttpRequest.newBuilder(URI.create(again.apiUrl() + "/health"))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theWorkflowEndpointRefusesARequestWithoutTheProcesssToken(@TempDir Path dir) throws Exception {
        try (LocalRuntime runtime = new LocalRuntime().start(new LocalConfig(0, dir.resolve("unused"), true, null))) {
            var context = runtime.api().context();
            String endpoint = context.getProperty("ait.workflow.endpoint", String.class).orElseThrow();
            String arn = context.getProperty("ait.workflow.state-machine-arn", String.class).orElseThrow();
            assertThat(URI.create(endpoint).getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(endpoint))
                    .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AWSStepFunctions.ListExecutions")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stateMachineArn\":\"" + arn + "\"}")));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("executionArn");
            // the API's own client (which has the token) still starts runs through it
            assertThat(send(HttpRequest.newBuilder(URI.create(runtime.apiUrl() + "/health"))).statusCode()).isEqualTo(200);
        }
    }

    private static void login(String url, String user, String password) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    /** Local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6 (hex, as the kernel writes them). */
    private static List<String> listeners(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        String hexPort = String.format("%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":" + hexPort) && f[3].equals("0A")) { // 0A = LISTEN
                    addresses.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    /** 127.x.x.x (little-endian hex: last byte 7F), ::1, or ::ffff:127.x.x.x. */
    private static boolean isLoopback(String hex) {
        return (hex.length() == 8 && hex.endsWith("7F"))
                || hex.equals("00000000000000000000000001000000")
                || (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(java.time.Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
