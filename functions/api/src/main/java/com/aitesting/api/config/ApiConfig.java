package com.aitesting.api.config;

import com.aitesting.core.settings.Flags;
import com.aitesting.aws.secrets.DatabaseLogin;
import com.aitesting.aws.dataapi.DataApiTarget;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.tenant.TenantId;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The app's typed settings, built once at start from {@link ApiProperties} (the {@code ait.*} properties,
 * which application.yml fills from the environment variables of the README). Invalid values stop the start
 * with a message that names the variable, rather than failing on the first request.
 *
 * <p>{@code database} is null exactly when events are read through the Data API (the SSE function on
 * AWS, {@link Deployment#dataApi()}), which has no JDBC connection at all.
 *
 * <p>{@code liveWebSocket} (LIVE_WEBSOCKET, default true): this server serves the live-progress WebSocket
 * at /v2/ws (docs/websocket.md); false refuses the upgrade with a 404, and clients use SSE.
 */
public record ApiConfig(AuthMode authMode, String jwtTenantClaim, @Nullable Database database, boolean simulateProgress,
                        Deployment deployment, boolean liveWebSocket) {

    /**
     * Where the app connects as the restricted application role (not the table owner). On AWS the login is
     * in the secret {@code secretArn} (DATABASE_SECRET_ARN, RDS shape), read at the first connection rather
     * than at start, so a SnapStart snapshot holds neither the password nor a connection; user and
     * password are then unused.
     */
    public record Database(String jdbcUrl, String user, String password, int maxPoolSize, @Nullable String secretArn) {
        /** DATABASE_MAX_POOL_SIZE's bounds (ApiProperties checks the variable against them) and default. */
        public static final int MIN_POOL = 1;
        public static final int MAX_POOL = 100;
        public static final int DEFAULT_POOL = 10;

        public Database {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (maxPoolSize < MIN_POOL || maxPoolSize > MAX_POOL) {
                throw new IllegalArgumentException("DATABASE_MAX_POOL_SIZE must be " + MIN_POOL + ".." + MAX_POOL + ", was " + maxPoolSize);
            }
        }

        public Database(String jdbcUrl, String user, String password, int maxPoolSize) {
            this(jdbcUrl, user, password, maxPoolSize, null);
        }

        @Override
        public String toString() { // never print the password
            return "Database[" + jdbcUrl + ", user=" + user + (secretArn == null ? "" : ", secret=" + secretArn) + "]";
        }
    }

    /**
     * What a deployment on AWS adds (infra-cdk's environment contract); all empty locally.
     *
     * @param tenant               DEPLOYMENT_TENANT_ID: the one tenant this deployment serves; credentials for
     *                             another tenant are refused (401)
     * @param eventStreamUrl       EVENT_STREAM_URL: base of the absolute {@code events_url} links (the SSE
     *                             function URL); links stay relative without it
     * @param streamTokenSecretArn STREAM_TOKEN_SECRET_ARN: the secret holding the stream-token HMAC key
     * @param webSocketUrl         LIVE_WEBSOCKET_URL: the API Gateway WebSocket API's stage URL (wss://), offered
     *                             to browsers with their stream token; none offered on AWS without it
     * @param livePush             LIVE_TABLE and LIVE_CALLBACK_URL (both or neither): the events this function
     *                             appends (run controls) are pushed to the run's WebSocket subscribers after
     *                             each commit; unset (the embedded server) the sockets follow LISTEN/NOTIFY
     * @param dataApi              EVENT_TAIL=data_api: run events are read through the Aurora Data API
     *                             (DATA_API_CLUSTER_ARN, DATA_API_SECRET_ARN, DATABASE_NAME) instead of JDBC
     */
    public record Deployment(Optional<TenantId> tenant, Optional<URI> eventStreamUrl, Optional<String> streamTokenSecretArn,
                             Optional<DataApiTarget> dataApi, Optional<URI> webSocketUrl, Optional<LivePushSettings> livePush) {
        public static final Deployment NONE = new Deployment(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());

        public Deployment {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(eventStreamUrl, "eventStreamUrl");
            Objects.requireNonNull(streamTokenSecretArn, "streamTokenSecretArn");
            Objects.requireNonNull(dataApi, "dataApi");
            Objects.requireNonNull(webSocketUrl, "webSocketUrl");
            Objects.requireNonNull(livePush, "livePush");
        }
    }

    /** EVENT_TAIL's value that reads events through the Aurora Data API. */
    public static final String DATA_API_TAIL = "data_api";

    /** What JWT_TENANT_CLAIM may name (also ApiProperties' constraint). */
    static final String CLAIM_NAME = "[A-Za-z0-9_:./-]{1,128}";
    private static final Pattern CLAIM = Pattern.compile(CLAIM_NAME);

    public ApiConfig {
        Objects.requireNonNull(authMode, "authMode");
        Objects.requireNonNull(deployment, "deployment");
        if ((database == null) == deployment.dataApi().isEmpty()) {
            throw new IllegalArgumentException("exactly one of DATABASE_URL and EVENT_TAIL=data_api must be configured");
        }
        if (deployment.dataApi().isPresent() && authMode != AuthMode.STREAM_TOKEN) {
            // The Data API adapters only read run events: nothing else could be served.
            throw new IllegalArgumentException("EVENT_TAIL=data_api requires AUTH_MODE=stream_token");
        }
        if (jwtTenantClaim == null || !CLAIM.matcher(jwtTenantClaim).matches()) {
            throw new IllegalArgumentException("JWT_TENANT_CLAIM must be a claim name, was '" + jwtTenantClaim + "'");
        }
    }

    /**
     * The typed configuration from the bound settings, whose single-variable formats their constraints have
     * checked (a value that never went through them, e.g. an unknown AUTH_MODE, still fails here).
     */
    public static ApiConfig from(ApiProperties settings) {
        AuthMode mode = parseAuthMode(settings.getAuthMode());
        Optional<DataApiTarget> dataApi = parseDataApi(settings);
        ApiProperties.Database db = settings.getDatabase();
        Database database = null;
        if (dataApi.isEmpty()) {
            database = parseDatabase(db.getUrl(), db.getUser(), db.getPassword(),
                    (int) ApiProperties.number(db.getMaxPoolSize(), Database.DEFAULT_POOL));
            String secretArn = DatabaseLogin.secretArn(db.getSecretArn(), db.getPassword()); // the Lambdas' rule
            if (secretArn != null) {
                database = new Database(database.jdbcUrl(), database.user(), null, database.maxPoolSize(), secretArn);
            }
        } else if (!isBlank(db.getUrl())) {
            throw new IllegalArgumentException("EVENT_TAIL=data_api reads through the Data API: DATABASE_URL must not be set");
        }
        ApiProperties.Deployment aws = settings.getDeployment();
        Optional<TenantId> tenant = Optional.empty();
        if (!isBlank(aws.getTenantId())) {
            try {
                tenant = Optional.of(new TenantId(aws.getTenantId().trim()));
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException("DEPLOYMENT_TENANT_ID must be a tenant id (1-64 letters, digits, '_', '.', '-'), was '"
                        + aws.getTenantId() + "'");
            }
        }
        Optional<String> tokenSecretArn = isBlank(aws.getStreamTokenSecretArn()) ? Optional.empty()
                : Optional.of(DatabaseLogin.arn("STREAM_TOKEN_SECRET_ARN", aws.getStreamTokenSecretArn()));
        return new ApiConfig(mode, blankTo(settings.getJwtTenantClaim(), "tenant_id"), database,
                Flags.parse("SIMULATE_PROGRESS", settings.getSimulateProgress(), true),
                new Deployment(tenant, absoluteUrl("EVENT_STREAM_URL", aws.getEventStreamUrl(), "http", "https"), tokenSecretArn, dataApi,
                        absoluteUrl("LIVE_WEBSOCKET_URL", aws.getWebsocketUrl(), "wss"),
                        LivePushSettings.of(aws.getLiveTable(), aws.getLiveCallbackUrl())),
                Flags.parse("LIVE_WEBSOCKET", settings.getLiveWebsocket(), true));
    }

    /** True when EVENT_TAIL names the Data API (any case); {@code listen} and {@code poll} are StreamSettings' business. */
    public static boolean isDataApiTail(String eventTail) {
        return eventTail != null && eventTail.trim().equalsIgnoreCase(DATA_API_TAIL);
    }

    private static Optional<DataApiTarget> parseDataApi(ApiProperties settings) {
        if (!isDataApiTail(settings.getEventTail())) {
            return Optional.empty();
        }
        ApiProperties.DataApi target = settings.getDataApi();
        return Optional.of(new DataApiTarget(trimmed(target.getClusterArn()), trimmed(target.getSecretArn()), trimmed(target.getDatabase())));
    }

    /**
     * {@code variable}'s value as an absolute URL with one of {@code schemes}, a host, and no query or fragment;
     * a trailing slash is dropped so links join cleanly. Blank is none.
     */
    static Optional<URI> absoluteUrl(String variable, String value, String... schemes) {
        if (isBlank(value)) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            URI uri = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (java.util.Arrays.asList(schemes).contains(scheme) && uri.getHost() != null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be an absolute " + String.join(" or ", schemes)
                + " URL without query, was '" + value + "'");
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    /** AUTH_MODE after its constraint (ApiProperties): blank is dev, any case. */
    private static AuthMode parseAuthMode(String value) {
        return AuthMode.valueOf(blankTo(value, "dev").strip().toUpperCase(Locale.ROOT));
    }

    /**
     * Accepts {@code jdbc:postgresql://host:port/db?...} and the common {@code postgres://user:pass@host:port/db}
     * form; user and password in the URL are used when DATABASE_USER / DATABASE_PASSWORD are not set.
     */
    public static Database parseDatabase(String url, String user, String password, int pool) {
        if (isBlank(url)) {
            throw new IllegalArgumentException("DATABASE_URL is required (jdbc:postgresql://host:port/db or postgres://user:pass@host:port/db)");
        }
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql://")) {
            return new Database(u, emptyToNull(user), emptyToNull(password), pool);
        }
        if (u.startsWith("postgres://") || u.startsWith("postgresql://")) {
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("DATABASE_URL has no host");
            }
            String urlUser = null;
            String urlPassword = null;
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                urlUser = parts[0];
                urlPassword = parts.length > 1 ? parts[1] : null;
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + (uri.getRawPath() == null ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Database(jdbc, isBlank(user) ? urlUser : user, isBlank(password) ? urlPassword : password, pool);
        }
        throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:// or postgres://");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankTo(String s, String fallback) {
        return isBlank(s) ? fallback : s;
    }

    private static String emptyToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
