package com.aitesting.api.support;

import com.aitesting.core.secret.AesMasterKey;
import com.aitesting.postgres.EmbeddedDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The real app on Netty (random port) over a fresh migrated embedded database, connected as the
 * restricted role, and a plain java.net.http client. One per test class: start in @BeforeAll.
 */
public final class TestServer implements AutoCloseable {
    public static final List<String> TABLES = List.of("engagements", "plans", "runs", "run_events", "findings",
            "engagement_authorizations", "idempotency_keys");

    /** A KMS key ARN as on AWS, for contexts without the local key; nothing here ever calls KMS with it. */
    public static final String KMS_KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EmbeddedDatabase.Migrated db;
    private final EmbeddedServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(EmbeddedDatabase.Migrated db, EmbeddedServer server) {
        this.db = db;
        this.server = server;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, Object> extra) {
        EmbeddedDatabase.Migrated db = EmbeddedDatabase.createMigrated();
        Map<String, Object> properties = new HashMap<>(appProperties(db));
        properties.put("micronaut.server.port", -1);
        properties.putAll(extra);
        // The webhook URLs' master key: what the local runtime registers from its key file (no KMS in tests).
        ApplicationContext context = ApplicationContext.builder().properties(properties)
                .singletons(AesMasterKey.random()).start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        server.start();
        return new TestServer(db, server);
    }

    /**
     * The properties that point the app at {@code db} as the restricted application role, with a webhook key ARN
     * (the app does not start without one unless a local key is registered, which then wins).
     */
    public static Map<String, Object> appProperties(EmbeddedDatabase.Migrated db) {
        return Map.of(
                "ait.webhook.kms-key-arn", KMS_KEY_ARN,
                "ait.database.url", db.jdbcUrl(),
                "ait.database.user", db.app().user(),
                "ait.database.password", db.app().password(),
                "ait.database.max-pool-size", "4");
    }

    public String baseUrl() {
        return "http://localhost:" + server.getPort();
    }

    public Response send(String method, String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, null, null, headers);
    }

    public Response postJson(String path, String json, Map<String, String> headers) {
        return send("POST", path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** Row counts per tenant table, read as superuser (behind row-level security): did anything get written? */
    public Map<String, Long> rowCounts() {
        DataSource superuser = EmbeddedDatabase.superuserDataSource(db.database());
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = superuser.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** A bean of the running app, e.g. the webhook master key a test needs to open what the app sealed. */
    public <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    public EmbeddedDatabase.Migrated database() {
        return db;
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
        db.close();
    }

    /** A response with its body; {@link #json()} parses it. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
