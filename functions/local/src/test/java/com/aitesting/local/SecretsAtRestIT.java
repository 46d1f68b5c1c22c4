package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.notifier.NotifierConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook URLs at rest in the embedded default, on a kept data folder: the tenant's webhook carries a unique
 * marker in its secret path; the notifier reaches it (so it was stored in a form that opens), and once the
 * process is stopped no file under the data folder - tables, indexes, WAL, anything PostgreSQL wrote - holds the
 * marker. The key lives beside the folder, owner-only, and opens the webhook again after a restart.
 */
class SecretsAtRestIT {
    private static final Duration STEP = Duration.ofMillis(50);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static WebhookReceiver slack;

    @BeforeAll
    static void receiver() {
        slack = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        slack.close();
    }

    private static LocalConfig config(Path dataDir) {
        // No default webhook: the tenant's own is the only place a message can go.
        NotifierConfig notifier = NotifierConfig.parse(Map.of("SLACK_ALLOW_LOOPBACK_HTTP", "true", "SLACK_MAX_ATTEMPTS", "1"));
        return new LocalConfig(0, dataDir, false, null).withSimulateStep(STEP).withNotifier(notifier);
    }

    @Test
    void afterSettingAWebhookAndStoppingNoFileUnderTheDataFolderContainsItsSecret() throws Exception {
        Path dataDir = dir.resolve("pgdata");
        String marker = "MARKER" + UUID.randomUUID().toString().replace("-", "");
        String webhook = slack.url("/T0SECRET/B0SECRET/" + marker);

        try (LocalRuntime runtime = new LocalRuntime().start(config(dataDir))) {
            LocalApi api = new LocalApi(runtime.apiUrl());
            HttpResponse<String> set = api.setSlackWebhook(webhook);
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(set.body()).doesNotContain(marker);

            String run = api.startRun(api.plan());
            List<WebhookReceiver.Received> messages = slack.awaitAbout(run, 2, SETTLE);
            assertThat(messages).allSatisfy(m -> assertThat(m.path()).endsWith(marker));
            api.awaitRun(run, r -> r.get("notifications").size() == 2
                    && !r.get("notifications").findValuesAsText("outcome").contains("pending"), SETTLE);
        }

        Path key = WebhookKeyFile.beside(dataDir);
        assertThat(key).exists().hasParent(dataDir.getParent());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).doesNotContain(marker);

        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        List<Path> files = filesUnder(dataDir);
        assertThat(files).as("PostgreSQL's files, WAL included").hasSizeGreaterThan(100)
                .anySatisfy(f -> assertThat(f.toString()).contains("pg_wal"));
        assertThat(files).as("files under the data folder holding the marker")
                .noneMatch(f -> contains(f, needle) || contains(f, marker.toLowerCase().getBytes(StandardCharsets.US_ASCII)));

        // The same key opens it after a restart: the next run is announced to the same secret path.
        try (LocalRuntime again = new LocalRuntime().start(config(dataDir))) {
            LocalApi api = new LocalApi(again.apiUrl());
            JsonNode view = LocalApi.json(api.get("/v2/settings/slack"));
            assertThat(view.get("configured").asBoolean()).isTrue();
            assertThat(view.get("webhook_url_masked").asText()).endsWith(marker.substring(marker.length() - 4));
            String run = api.startRun(api.plan());
            assertThat(slack.awaitAbout(run, 2, SETTLE)).allSatisfy(m -> assertThat(m.path()).endsWith(marker));
        }
    }

    @Test
    void aKeyFileOthersMayReadStopsTheStart() throws Exception {
        Path dataDir = dir.resolve("loose");
        Path key = WebhookKeyFile.beside(dataDir);
        WebhookKeyFile.loadOrCreate(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalRuntime().start(config(dataDir)))
                .hasMessageContaining("chmod 600").hasMessageContaining(key.toString());
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    private static boolean contains(Path file, byte[] needle) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
