package com.aitesting.api.notification;

import static com.aitesting.api.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.aitesting.api.support.Api;
import com.aitesting.api.support.TestServer;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.notification.WebhookVault;
import com.aitesting.core.secret.MasterKey;
import com.aitesting.core.tenant.TenantId;
import com.aitesting.postgres.EmbeddedDatabase;
import com.aitesting.postgres.PostgresNotificationSettingsRepository;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * /v2/settings/slack over real HTTP on the real server and embedded PostgreSQL (as the restricted role). The
 * webhook URL is a secret: it must never come back in a response, and what is stored must be exactly what the
 * notifier reads for the tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlackSettingsIT {
    private static final String PATH = "/v2/settings/slack";
    private static final String DEFAULT_TOKEN = randomToken();
    private static final String DEFAULT_WEBHOOK = "https://hooks.slack.com/services/TDEFAULT0/BDEFAULT0/" + DEFAULT_TOKEN;

    private TestServer server;
    private PostgresTransactions tx;
    private PostgresNotificationSettingsRepository repository;
    private WebhookVault vault;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level appLevel;

    @BeforeAll
    void start() {
        // Every log line of the app, com.aitesting at DEBUG (what LOG_LEVEL=DEBUG would print), from start to end.
        Logger app = (Logger) LoggerFactory.getLogger("com.aitesting");
        appLevel = app.getLevel();
        app.setLevel(Level.DEBUG);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);

        // Loopback receivers are allowed here, as for local tests (SLACK_ALLOW_LOOPBACK_HTTP=true).
        server = TestServer.start(Map.of("SLACK_WEBHOOK", DEFAULT_WEBHOOK, "ait.outbound.allow-loopback-http", "true"));
        tx = new PostgresTransactions(server.database().appDataSource());
        repository = new PostgresNotificationSettingsRepository(tx);
        vault = new WebhookVault(server.bean(MasterKey.class));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("com.aitesting")).setLevel(appLevel);
    }

    @Test
    void setThenGetShowOnlyTheMaskedUrlThenOverwriteThenDeleteFallsBackToTheDefault() {
        Api api = new Api(server, "t_lifecycle");
        Webhook first = Webhook.slack();

        TestServer.Response set = put(api, first.json());
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.header("Cache-Control")).isEqualTo("no-store");
        assertSecretAbsent(set, first);
        JsonNode view = set.json();
        assertThat(view.path("configured").asBoolean()).isTrue();
        assertThat(view.path("source").asText()).isEqualTo("tenant");
        assertThat(view.path("default_applies").asBoolean()).isFalse();
        assertThat(view.path("webhook_url_masked").asText()).isEqualTo("https://hooks.slack.com/…" + first.lastFour());
        assertThat(view.path("updated_by").asText()).isEqualTo("yered");
        assertThat(Instant.parse(view.path("updated_at").asText())).isBefore(Instant.now().plusSeconds(5));

        TestServer.Response get = api.get(PATH);
        assertThat(get.status()).as("%s", get).isEqualTo(200);
        assertSecretAbsent(get, first);
        assertThat(get.json()).isEqualTo(view);
        assertThat(storedFor("t_lifecycle")).contains(first.url());

        Webhook second = Webhook.slack();
        TestServer.Response overwrite = put(api, second.json());
        assertThat(overwrite.status()).as("%s", overwrite).isEqualTo(200);
        assertSecretAbsent(overwrite, first);
        assertSecretAbsent(overwrite, second);
        assertThat(overwrite.json().path("webhook_url_masked").asText()).isEqualTo("https://hooks.slack.com/…" + second.lastFour());
        assertThat(storedFor("t_lifecycle")).contains(second.url());
        assertThat(rowsFor("t_lifecycle")).isEqualTo(1);

        TestServer.Response delete = delete(api);
        assertThat(delete.status()).as("%s", delete).isEqualTo(204);
        assertThat(delete.body()).isEmpty();
        assertThat(storedFor("t_lifecycle")).isEmpty();

        TestServer.Response after = api.get(PATH);
        assertThat(after.status()).isEqualTo(200);
        JsonNode none = after.json();
        assertThat(none.path("configured").asBoolean()).isFalse();
        assertThat(none.path("default_applies").asBoolean()).isTrue();
        assertThat(none.path("source").asText()).isEqualTo("default");
        assertThat(none.path("webhook_url_masked").isNull()).isTrue();
        assertThat(none.path("updated_at").isNull()).isTrue();
        assertThat(after.body()).doesNotContain(DEFAULT_TOKEN, "TDEFAULT0", "hooks.slack.com");
    }

    @Test
    void deleteIsIdempotent() {
        Api api = new Api(server, "t_idempotent");
        assertThat(delete(api).status()).isEqualTo(204);
        assertThat(put(api, Webhook.slack().json()).status()).isEqualTo(200);
        assertThat(delete(api).status()).isEqualTo(204);
        assertThat(delete(api).status()).isEqualTo(204);
        assertThat(api.get(PATH).json().path("configured").asBoolean()).isFalse();
    }

    @Test
    void loopbackHttpIsAcceptedForLocalReceivers() {
        Api api = new Api(server, "t_loopback");
        for (String url : List.of("http://127.0.0.1:9999/hook/abcdefghijklmnopqrstuvwx", "http://localhost:8080/x",
                "http://[::1]:8080/slack")) {
            TestServer.Response r = put(api, json(url));
            assertThat(r.status()).as("%s -> %s", url, r).isEqualTo(200);
            assertThat(storedFor("t_loopback")).contains(url);
        }
    }

    static Stream<Arguments> badBodies() {
        String secret = randomToken();
        return Stream.of(
                Arguments.of("plain http to a remote host", json("http://hooks.slack.com/services/T1/B1/" + secret)),
                Arguments.of("another scheme", json("ftp://hooks.slack.com/services/T1/B1/" + secret)),
                Arguments.of("javascript URL", json("javascript:alert(1)")),
                Arguments.of("no scheme", json("hooks.slack.com/services/T1/B1/" + secret)),
                Arguments.of("no host", json("https:///services/T1/B1/" + secret)),
                Arguments.of("malformed", json("https://hooks slack com/" + secret)),
                Arguments.of("http on a look-alike of loopback", json("http://127.0.0.1.example.com/" + secret)),
                Arguments.of("credentials before the host", json("https://user:" + secret + "@hooks.slack.com/services/T1")),
                Arguments.of("a fragment", json("https://hooks.slack.com/services/T1/B1/x#" + secret)),
                Arguments.of("too long", json("https://hooks.slack.com/services/" + "a".repeat(2049))),
                Arguments.of("empty", json("")),
                Arguments.of("blank", json("   ")),
                Arguments.of("missing field", "{}"),
                Arguments.of("null", "{\"webhook_url\":null}"),
                Arguments.of("a number", "{\"webhook_url\":42}"),
                Arguments.of("a boolean", "{\"webhook_url\":true}"),
                Arguments.of("an array", "{\"webhook_url\":[\"https://hooks.slack.com/services/T1/B1/" + secret + "\"]}"),
                Arguments.of("an object", "{\"webhook_url\":{\"url\":\"https://hooks.slack.com/services/T1/B1/" + secret + "\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadWebhookUrlIs400OnWebhookUrlAndLeavesTheStoredOneUnchanged(String why, String body) {
        Api api = new Api(server, "t_bad");
        Webhook good = Webhook.slack();
        assertThat(put(api, good.json()).status()).isEqualTo(200);

        TestServer.Response r = put(api, body);
        JsonNode problem = assertProblem(r, 400, "validation");
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("webhook_url");
        assertThat(problem.path("errors").get(0).path("message").asText()).isNotBlank();
        assertThat(r.body()).as("the problem does not echo the input").doesNotContain("hooks.slack.com", "/services/");
        assertThat(storedFor("t_bad")).contains(good.url());
    }

    @Test
    void aBadWebhookUrlForATenantWithoutOneWritesNothing() {
        Api api = new Api(server, "t_bad_fresh");
        assertProblem(put(api, json("http://hooks.slack.com/services/T1/B1/" + randomToken())), 400, "validation");
        assertProblem(put(api, "{}"), 400, "validation");
        assertThat(rowsFor("t_bad_fresh")).isZero();
        assertThat(api.get(PATH).json().path("configured").asBoolean()).isFalse();
    }

    @Test
    void requestsThatAreNotAWebhookObjectAreProblemsToo() {
        Api api = new Api(server, "t_shape");
        JsonNode unknown = assertProblem(put(api, "{\"webhook_url\":\"https://hooks.slack.com/x\",\"channel\":\"#x\"}"), 400, "validation");
        assertThat(unknown.path("errors").get(0).path("field").asText()).isEqualTo("channel");
        assertProblem(server.send("PUT", PATH, "application/json", null, api.headers()), 400, "validation");
        assertProblem(server.send("PUT", PATH, "application/json", "not json".getBytes(StandardCharsets.UTF_8), api.headers()), 400, "validation");
        assertProblem(server.send("PUT", PATH, "text/plain", json("https://hooks.slack.com/x").getBytes(StandardCharsets.UTF_8),
                api.headers()), 415, "unsupported-media-type");
        assertProblem(server.send("POST", PATH, "application/json", json("https://hooks.slack.com/x").getBytes(StandardCharsets.UTF_8),
                api.headers()), 405, "method-not-allowed");
        assertThat(rowsFor("t_shape")).isZero();
    }

    @Test
    void withoutCredentialsEveryMethodIs401() {
        assertProblem(server.get(PATH, Map.of()), 401, "unauthorized");
        assertProblem(server.send("PUT", PATH, "application/json", Webhook.slack().json().getBytes(StandardCharsets.UTF_8), Map.of()),
                401, "unauthorized");
        assertProblem(server.send("DELETE", PATH, null, null, Map.of()), 401, "unauthorized");
    }

    @Test
    void anotherTenantCanNeitherSeeNorChangeNorRemoveTheWebhook() {
        Api alice = new Api(server, "t_alice");
        Api bob = new Api(server, "t_bob");
        Webhook alices = Webhook.slack();
        assertThat(put(alice, alices.json()).status()).isEqualTo(200);

        TestServer.Response bobView = bob.get(PATH);
        assertThat(bobView.json().path("configured").asBoolean()).isFalse();
        assertSecretAbsent(bobView, alices);
        assertThat(bobView.body()).doesNotContain(alices.lastFour());
        assertThat(storedFor("t_bob")).isEmpty();

        assertThat(delete(bob).status()).isEqualTo(204);
        assertThat(storedFor("t_alice")).contains(alices.url());

        Webhook bobs = Webhook.slack();
        assertThat(put(bob, bobs.json()).status()).isEqualTo(200);
        assertThat(storedFor("t_alice")).contains(alices.url());
        assertThat(storedFor("t_bob")).contains(bobs.url());
        assertThat(alice.get(PATH).json().path("webhook_url_masked").asText()).endsWith(alices.lastFour());
        assertThat(bob.get(PATH).json().path("webhook_url_masked").asText()).endsWith(bobs.lastFour());

        assertThat(delete(alice).status()).isEqualTo(204);
        assertThat(storedFor("t_alice")).isEmpty();
        assertThat(storedFor("t_bob")).contains(bobs.url());
    }

    @Test
    void theStoredWebhookIsWhatTheNotifierUsesAndItOverridesTheDefault() {
        Api api = new Api(server, "t_notifier");
        Optional<WebhookUrl> deploymentDefault = Optional.of(WebhookUrl.parse(DEFAULT_WEBHOOK));
        assertThat(notifierTarget("t_notifier", deploymentDefault)).contains(DEFAULT_WEBHOOK);

        Webhook own = Webhook.slack();
        put(api, own.json());
        assertThat(notifierTarget("t_notifier", deploymentDefault)).contains(own.url());

        delete(api);
        assertThat(notifierTarget("t_notifier", deploymentDefault)).contains(DEFAULT_WEBHOOK);
    }

    @Test
    void withoutADeploymentDefaultNothingAppliesAndNothingIsSent() {
        try (TestServer bare = TestServer.start(Map.of("SLACK_WEBHOOK", ""))) {
            Api api = new Api(bare, "t_bare");
            JsonNode none = api.get(PATH).json();
            assertThat(none.path("configured").asBoolean()).isFalse();
            assertThat(none.path("default_applies").asBoolean()).isFalse();
            assertThat(none.path("source").asText()).isEqualTo("none");

            TestServer.Response r = bare.send("PUT", PATH, "application/json",
                    Webhook.slack().json().getBytes(StandardCharsets.UTF_8), api.headers());
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            JsonNode set = r.json();
            assertThat(set.path("source").asText()).isEqualTo("tenant");
            assertThat(set.path("default_applies").asBoolean()).isFalse();
        }
    }

    @Test
    void theSubmittedUrlsAppearInNoLogLine() {
        Api api = new Api(server, "t_logs");
        Webhook good = Webhook.slack();
        String badSecret = randomToken();
        put(api, good.json());
        api.get(PATH);
        put(api, json("http://hooks.slack.com/services/T1/B1/" + badSecret));
        put(api, json("https://user:" + badSecret + "@hooks.slack.com/x"));
        put(api, "{\"webhook_url\":[\"" + badSecret + "\"]}");
        delete(api);

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            lines.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                lines.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        assertThat(lines).noneMatch(l -> l.contains(good.token()) || l.contains(badSecret) || l.contains(DEFAULT_TOKEN));
    }

    static Stream<Arguments> forbiddenDestinations() {
        String s = "/services/T0/B0/" + randomToken();
        return Stream.of(
                Arguments.of("https://169.254.169.254/latest/meta-data/", "link-local"),
                Arguments.of("https://10.0.0.5" + s, "private network"),
                Arguments.of("https://172.31.255.1" + s, "private network"),
                Arguments.of("https://192.168.0.10" + s, "private network"),
                Arguments.of("https://100.100.100.200/latest/meta-data", "carrier-grade NAT"),
                Arguments.of("https://[fd00::1]" + s, "unique-local"),
                Arguments.of("https://[fe80::1]" + s, "link-local"),
                Arguments.of("https://0.0.0.0" + s, "unspecified"),
                Arguments.of("https://[::]" + s, "unspecified"),
                Arguments.of("https://[::ffff:127.0.0.1]" + s, "embeds an IPv4"),
                Arguments.of("https://[::ffff:a9fe:a9fe]" + s, "embeds an IPv4"),
                Arguments.of("https://[64:ff9b::a9fe:a9fe]" + s, "embeds an IPv4"),
                Arguments.of("https://0x7f000001" + s, "loopback"),
                Arguments.of("https://2130706433" + s, "loopback"),
                Arguments.of("https://0177.0.0.1" + s, "loopback"),
                Arguments.of("https://127.1" + s, "loopback"),
                Arguments.of("https://0xa9.0xfe.0xa9.0xfe/latest/meta-data/", "link-local"),
                Arguments.of("https://224.0.0.251" + s, "multicast"),
                Arguments.of("https://255.255.255.255" + s, "broadcast"),
                Arguments.of("https://8.8.8.8" + s, "not an IP address"),
                Arguments.of("https://metadata.google.internal/computeMetadata/v1/", "internal-only"),
                Arguments.of("https://localhost:99999" + s, "port"),
                Arguments.of("https://example.com" + s, "allow list"),
                Arguments.of("https://hooks.slack.com.attacker.example" + s, "allow list"),
                Arguments.of("http://127.0.0.1.nip.io:9001/2018-06-01/runtime/invocation/next", "http"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbiddenDestinations")
    void aWebhookPointingIntoTheNetworkOrOffTheAllowListIs400NamingTheReasonAndStoresNothing(String url, String reason) {
        Api api = new Api(server, "t_ssrf");
        TestServer.Response r = put(api, json(url));
        JsonNode problem = assertProblem(r, 400, "validation");
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("webhook_url");
        assertThat(problem.path("errors").get(0).path("message").asText()).as("%s", r).contains(reason);
        assertThat(rowsFor("t_ssrf")).isZero();
    }

    @Test
    void withoutTheLoopbackSwitchLoopbackReceiversAreRefusedTooAndSlackAllowedHostsExtendsTheList() {
        try (TestServer strict = TestServer.start(Map.of("ait.outbound.allowed-hosts", "relay.example.com"))) {
            Api api = new Api(strict, "t_strict");
            for (String url : List.of("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", "http://localhost:8080/x",
                    "https://127.0.0.1:8443/x", "http://[::1]:9000/x")) {
                TestServer.Response r = strict.send("PUT", PATH, "application/json", json(url).getBytes(StandardCharsets.UTF_8),
                        api.headers());
                assertThat(assertProblem(r, 400, "validation").path("errors").get(0).path("message").asText()).as(url)
                        .containsAnyOf("https", "loopback");
            }
            TestServer.Response relay = strict.send("PUT", PATH, "application/json",
                    json("https://relay.example.com/hooks/" + randomToken()).getBytes(StandardCharsets.UTF_8), api.headers());
            assertThat(relay.status()).as("%s", relay).isEqualTo(200);
            assertThat(relay.json().path("webhook_url_masked").asText()).startsWith("https://relay.example.com/");
        }
    }

    @Test
    void theStoredRowHoldsTheUrlOnlySealedAndUnderThisTenantsContext() throws Exception {
        Api api = new Api(server, "t_sealed");
        Webhook webhook = Webhook.slack();
        assertThat(put(api, webhook.json()).status()).isEqualTo(200);
        try (Connection c = EmbeddedDatabase.superuserDataSource(server.database().database()).getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT slack_webhook_url, slack_webhook_sealed, slack_webhook_masked, "
                     + "notification_settings::text FROM notification_settings WHERE tenant_id = 't_sealed'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isNull();
            assertThat(new String(r.getBytes(2), StandardCharsets.ISO_8859_1)).doesNotContain(webhook.token(), "hooks.slack");
            assertThat(r.getString(3)).isEqualTo("https://hooks.slack.com/…" + webhook.lastFour());
            assertThat(r.getString(4)).doesNotContain(webhook.token(), webhook.path());
        }
        byte[] sealed = tx.inTenant(new TenantId("t_sealed"), () -> repository.findSlackWebhook()).orElseThrow()
                .sealed().orElseThrow().sealed();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault.open(new TenantId("t_other"), sealed))
                .as("copied into another tenant's row it does not open")
                .isInstanceOf(com.aitesting.core.secret.SecretUnreadableException.class);
    }

    // --- helpers ---

    private TestServer.Response put(Api api, String json) {
        return server.send("PUT", PATH, "application/json", json.getBytes(StandardCharsets.UTF_8), api.headers());
    }

    private TestServer.Response delete(Api api) {
        return server.send("DELETE", PATH, null, null, api.headers());
    }

    /**
     * The tenant's stored webhook, read the way the notifier reads it: the repository in a tenant-bound
     * transaction, then opened with the deployment's key for that tenant.
     */
    private Optional<String> storedFor(String tenant) {
        return storedUrl(tenant).map(u -> u.reveal().toString());
    }

    private Optional<WebhookUrl> storedUrl(String tenant) {
        TenantId id = new TenantId(tenant);
        return tx.inTenant(id, () -> repository.findSlackWebhook())
                .map(stored -> vault.open(id, stored.sealed().orElseThrow().sealed()));
    }

    /** The notifier's choice (NotifyRunTransition): the tenant's own webhook, else the deployment's default. */
    private Optional<String> notifierTarget(String tenant, Optional<WebhookUrl> deploymentDefault) {
        return storedUrl(tenant).or(() -> deploymentDefault).map(u -> u.reveal().toString());
    }

    /** Rows for the tenant as the superuser sees them (behind row-level security). */
    private long rowsFor(String tenant) {
        try (Connection c = EmbeddedDatabase.superuserDataSource(server.database().database()).getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM notification_settings WHERE tenant_id = '" + tenant + "'")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSecretAbsent(TestServer.Response r, Webhook webhook) {
        assertThat(r.body()).as("response body").doesNotContain(webhook.url(), webhook.path(), webhook.token());
        r.headers().forEach((name, values) -> assertThat(values.toString()).as("header %s", name)
                .doesNotContain(webhook.token()));
    }

    private static String json(String url) {
        return "{\"webhook_url\":\"" + url + "\"}";
    }

    private static String randomToken() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A Slack-shaped webhook with a fresh secret token. */
    private record Webhook(String url, String path, String token) {
        static Webhook slack() {
            String token = randomToken();
            String path = "/services/T0123ABCD/B0456EFGH/" + token;
            return new Webhook("https://hooks.slack.com" + path, path, token);
        }

        String json() {
            return SlackSettingsIT.json(url);
        }

        String lastFour() {
            return token.substring(token.length() - 4);
        }
    }
}
