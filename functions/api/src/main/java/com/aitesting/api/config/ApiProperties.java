package com.aitesting.api.config;

import com.aitesting.core.settings.Flags;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Pattern;

/**
 * Every setting of the API runtime, bound from the {@code ait.*} properties, which application.yml fills from
 * the documented environment variables (README's table, docs/streaming.md). Values stay raw strings here
 * because a blank variable means "unset" and Micronaut drops a value it cannot convert to a typed property in
 * silence; the format of each single variable is checked by its jakarta constraint, whose message names the
 * variable, so a bad value stops the start ({@link ApiConfigFactory} builds the typed {@link ApiConfig} at
 * start). Rules that span variables, or that another module owns (the database login, tenant ids, URLs, JWT
 * algorithms), are applied where the typed values are built.
 */
@ConfigurationProperties("ait")
public class ApiProperties {
    /** The one spelling of a boolean setting, shared with the Lambdas' parsers ({@link Flags}). */
    static final String FLAG = Flags.PATTERN;

    @Nullable
    @Pattern(regexp = "(?i)\\s*(dev|jwt|stream_token)?\\s*", message = "AUTH_MODE must be 'dev', 'jwt' or 'stream_token'")
    private String authMode;
    @Nullable
    @Pattern(regexp = "\\s*|" + ApiConfig.CLAIM_NAME, message = "JWT_TENANT_CLAIM must be a claim name (1-128 letters, digits, '_', ':', '.', '/', '-')")
    private String jwtTenantClaim;
    @Nullable
    @Pattern(regexp = FLAG, message = "SIMULATE_PROGRESS must be true or false")
    private String simulateProgress;
    /** EVENT_TAIL: listen | poll (RunEventTails.Mode) | data_api (ApiConfig). */
    @Nullable
    private String eventTail;
    /** LIVE_WEBSOCKET: whether this server serves the live-progress WebSocket at /v2/ws (ApiConfig). */
    @Nullable
    @Pattern(regexp = FLAG, message = "LIVE_WEBSOCKET must be true or false")
    private String liveWebsocket;
    @Nullable
    @Pattern(regexp = FLAG, message = "SCAN_ALLOW_LOOPBACK must be true or false")
    private String scanAllowLoopback;
    /** SCAN_DENY_CIDRS: the platform's own network (on AWS the stack's VPC), denied like the executors deny it. */
    @Nullable
    private String scanDenyCidrs;

    private Database database = new Database();
    private Jwt jwt = new Jwt();
    private Deployment deployment = new Deployment();
    private DataApi dataApi = new DataApi();
    private Outbound outbound = new Outbound();
    private Webhook webhook = new Webhook();
    private Stream stream = new Stream();
    private Workflow workflow = new Workflow();

    /** A setting that passed {@link WholeNumber}, or {@code fallback} when it is blank. */
    public static long number(@Nullable String value, long fallback) {
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.strip());
    }

    public boolean scanAllowsLoopback() {
        return Flags.parse("SCAN_ALLOW_LOOPBACK", scanAllowLoopback, false);
    }

    /** DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_MAX_POOL_SIZE, DATABASE_SECRET_ARN. */
    @ConfigurationProperties("database")
    public static class Database {
        @Nullable private String url;
        @Nullable private String user;
        @Nullable private String password;
        @Nullable
        @WholeNumber(min = ApiConfig.Database.MIN_POOL, max = ApiConfig.Database.MAX_POOL,
                message = "DATABASE_MAX_POOL_SIZE must be a whole number from {min} to {max}")
        private String maxPoolSize;
        @Nullable private String secretArn;

        public @Nullable String getUrl() { return url; }
        public void setUrl(@Nullable String url) { this.url = url; }
        public @Nullable String getUser() { return user; }
        public void setUser(@Nullable String user) { this.user = user; }
        public @Nullable String getPassword() { return password; }
        public void setPassword(@Nullable String password) { this.password = password; }
        public @Nullable String getMaxPoolSize() { return maxPoolSize; }
        public void setMaxPoolSize(@Nullable String maxPoolSize) { this.maxPoolSize = maxPoolSize; }
        public @Nullable String getSecretArn() { return secretArn; }
        public void setSecretArn(@Nullable String secretArn) { this.secretArn = secretArn; }

        @Override
        public String toString() { // never print the password
            return "Database[url=" + url + ", user=" + user + ", maxPoolSize=" + maxPoolSize + ", secretArn=" + secretArn + "]";
        }
    }

    /**
     * JWT_ISSUER, JWT_AUDIENCE, JWT_JWKS_URL, JWT_ALGORITHMS (JwtSettings), and {@code verified-by}, which the
     * API Lambda's entry point sets rather than a variable.
     */
    @ConfigurationProperties("jwt")
    public static class Jwt {
        @Nullable private String verifiedBy;
        @Nullable private String issuer;
        @Nullable private String audience;
        @Nullable private String jwksUrl;
        @Nullable private String algorithms;

        public @Nullable String getVerifiedBy() { return verifiedBy; }
        public void setVerifiedBy(@Nullable String verifiedBy) { this.verifiedBy = verifiedBy; }
        public @Nullable String getIssuer() { return issuer; }
        public void setIssuer(@Nullable String issuer) { this.issuer = issuer; }
        public @Nullable String getAudience() { return audience; }
        public void setAudience(@Nullable String audience) { this.audience = audience; }
        public @Nullable String getJwksUrl() { return jwksUrl; }
        public void setJwksUrl(@Nullable String jwksUrl) { this.jwksUrl = jwksUrl; }
        public @Nullable String getAlgorithms() { return algorithms; }
        public void setAlgorithms(@Nullable String algorithms) { this.algorithms = algorithms; }
    }

    /** DEPLOYMENT_TENANT_ID, EVENT_STREAM_URL, STREAM_TOKEN_SECRET_ARN, LIVE_WEBSOCKET_URL (infra-cdk's environment contract). */
    @ConfigurationProperties("deployment")
    public static class Deployment {
        @Nullable private String tenantId;
        @Nullable private String eventStreamUrl;
        @Nullable private String streamTokenSecretArn;
        @Nullable private String websocketUrl;
        @Nullable private String liveTable;
        @Nullable private String liveCallbackUrl;

        public @Nullable String getTenantId() { return tenantId; }
        public void setTenantId(@Nullable String tenantId) { this.tenantId = tenantId; }
        public @Nullable String getEventStreamUrl() { return eventStreamUrl; }
        public void setEventStreamUrl(@Nullable String eventStreamUrl) { this.eventStreamUrl = eventStreamUrl; }
        public @Nullable String getStreamTokenSecretArn() { return streamTokenSecretArn; }
        public void setStreamTokenSecretArn(@Nullable String streamTokenSecretArn) { this.streamTokenSecretArn = streamTokenSecretArn; }
        public @Nullable String getWebsocketUrl() { return websocketUrl; }
        public void setWebsocketUrl(@Nullable String websocketUrl) { this.websocketUrl = websocketUrl; }
        public @Nullable String getLiveTable() { return liveTable; }
        public void setLiveTable(@Nullable String liveTable) { this.liveTable = liveTable; }
        public @Nullable String getLiveCallbackUrl() { return liveCallbackUrl; }
        public void setLiveCallbackUrl(@Nullable String liveCallbackUrl) { this.liveCallbackUrl = liveCallbackUrl; }
    }

    /** DATA_API_CLUSTER_ARN, DATA_API_SECRET_ARN, DATABASE_NAME (EVENT_TAIL=data_api). */
    @ConfigurationProperties("data-api")
    public static class DataApi {
        @Nullable private String clusterArn;
        @Nullable private String secretArn;
        @Nullable private String database;

        public @Nullable String getClusterArn() { return clusterArn; }
        public void setClusterArn(@Nullable String clusterArn) { this.clusterArn = clusterArn; }
        public @Nullable String getSecretArn() { return secretArn; }
        public void setSecretArn(@Nullable String secretArn) { this.secretArn = secretArn; }
        public @Nullable String getDatabase() { return database; }
        public void setDatabase(@Nullable String database) { this.database = database; }
    }

    /** SLACK_ALLOWED_HOSTS, SLACK_ALLOW_LOOPBACK_HTTP, SLACK_WEBHOOK (the notifier's default webhook). */
    @ConfigurationProperties("outbound")
    public static class Outbound {
        @Nullable private String allowedHosts;
        @Nullable
        @Pattern(regexp = FLAG, message = "SLACK_ALLOW_LOOPBACK_HTTP must be true or false")
        private String allowLoopbackHttp;
        @Nullable private String defaultWebhook;

        public boolean allowsLoopbackHttp() {
            return Flags.parse("SLACK_ALLOW_LOOPBACK_HTTP", allowLoopbackHttp, false);
        }

        public @Nullable String getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(@Nullable String allowedHosts) { this.allowedHosts = allowedHosts; }
        public @Nullable String getAllowLoopbackHttp() { return allowLoopbackHttp; }
        public void setAllowLoopbackHttp(@Nullable String allowLoopbackHttp) { this.allowLoopbackHttp = allowLoopbackHttp; }
        public @Nullable String getDefaultWebhook() { return defaultWebhook; }
        public void setDefaultWebhook(@Nullable String defaultWebhook) { this.defaultWebhook = defaultWebhook; }

        @Override
        public String toString() { // a webhook URL is a credential
            return "Outbound[allowedHosts=" + allowedHosts + ", allowLoopbackHttp=" + allowLoopbackHttp
                    + ", defaultWebhook=" + (defaultWebhook == null || defaultWebhook.isBlank() ? "unset" : "set") + "]";
        }
    }

    /** WEBHOOK_KMS_KEY_ARN: on AWS, the KMS key that wraps the webhook URLs' data keys. */
    @ConfigurationProperties("webhook")
    public static class Webhook {
        @Nullable private String kmsKeyArn;

        public @Nullable String getKmsKeyArn() { return kmsKeyArn; }
        public void setKmsKeyArn(@Nullable String kmsKeyArn) { this.kmsKeyArn = kmsKeyArn; }
    }

    /** The SSE settings (StreamSettings, docs/streaming.md): STREAM_* and EVENT_POLL_MS. */
    @ConfigurationProperties("stream")
    public static class Stream {
        @Nullable
        @WholeNumber(min = 50, max = 300_000, message = "STREAM_KEEPALIVE_MS must be a whole number from {min} to {max}")
        private String keepaliveMs;
        @Nullable
        @WholeNumber(min = 0, max = 600_000, message = "STREAM_RETRY_MS must be a whole number from {min} to {max}")
        private String retryMs;
        @Nullable
        @WholeNumber(min = 100, max = 600_000, message = "STREAM_STALL_MS must be a whole number from {min} to {max}")
        private String stallMs;
        @Nullable
        @WholeNumber(min = 1, max = 10_000, message = "STREAM_BUFFER_EVENTS must be a whole number from {min} to {max}")
        private String bufferEvents;
        @Nullable
        @WholeNumber(min = 1024, max = 64 << 20, message = "STREAM_BUFFER_BYTES must be a whole number from {min} to {max}")
        private String bufferBytes;
        @Nullable
        @WholeNumber(min = 1, max = 256, message = "STREAM_READ_THREADS must be a whole number from {min} to {max}")
        private String readThreads;
        @Nullable
        @WholeNumber(min = 1, max = 3600, message = "STREAM_TOKEN_TTL_SECONDS must be a whole number from {min} to {max}")
        private String tokenTtlSeconds;
        @Nullable private String tokenSecret;
        @Nullable
        @WholeNumber(min = 10, max = 60_000, message = "EVENT_POLL_MS must be a whole number from {min} to {max}")
        private String pollMs;

        public @Nullable String getKeepaliveMs() { return keepaliveMs; }
        public void setKeepaliveMs(@Nullable String keepaliveMs) { this.keepaliveMs = keepaliveMs; }
        public @Nullable String getRetryMs() { return retryMs; }
        public void setRetryMs(@Nullable String retryMs) { this.retryMs = retryMs; }
        public @Nullable String getStallMs() { return stallMs; }
        public void setStallMs(@Nullable String stallMs) { this.stallMs = stallMs; }
        public @Nullable String getBufferEvents() { return bufferEvents; }
        public void setBufferEvents(@Nullable String bufferEvents) { this.bufferEvents = bufferEvents; }
        public @Nullable String getBufferBytes() { return bufferBytes; }
        public void setBufferBytes(@Nullable String bufferBytes) { this.bufferBytes = bufferBytes; }
        public @Nullable String getReadThreads() { return readThreads; }
        public void setReadThreads(@Nullable String readThreads) { this.readThreads = readThreads; }
        public @Nullable String getTokenTtlSeconds() { return tokenTtlSeconds; }
        public void setTokenTtlSeconds(@Nullable String tokenTtlSeconds) { this.tokenTtlSeconds = tokenTtlSeconds; }
        public @Nullable String getTokenSecret() { return tokenSecret; }
        public void setTokenSecret(@Nullable String tokenSecret) { this.tokenSecret = tokenSecret; }
        public @Nullable String getPollMs() { return pollMs; }
        public void setPollMs(@Nullable String pollMs) { this.pollMs = pollMs; }

        @Override
        public String toString() { // never print the key
            return "Stream[keepaliveMs=" + keepaliveMs + ", retryMs=" + retryMs + ", stallMs=" + stallMs + ", tokenSecret="
                    + (tokenSecret == null || tokenSecret.isBlank() ? "unset" : "set") + ", pollMs=" + pollMs + "]";
        }
    }

    /** STATE_MACHINE_ARN, and the local runtime's embedded engine endpoint and its token. */
    @ConfigurationProperties("workflow")
    public static class Workflow {
        @Nullable private String stateMachineArn;
        @Nullable private String endpoint;
        @Nullable private String endpointToken;

        public @Nullable String getStateMachineArn() { return stateMachineArn; }
        public void setStateMachineArn(@Nullable String stateMachineArn) { this.stateMachineArn = stateMachineArn; }
        public @Nullable String getEndpoint() { return endpoint; }
        public void setEndpoint(@Nullable String endpoint) { this.endpoint = endpoint; }
        public @Nullable String getEndpointToken() { return endpointToken; }
        public void setEndpointToken(@Nullable String endpointToken) { this.endpointToken = endpointToken; }
    }

    public @Nullable String getAuthMode() { return authMode; }
    public void setAuthMode(@Nullable String authMode) { this.authMode = authMode; }
    public @Nullable String getJwtTenantClaim() { return jwtTenantClaim; }
    public void setJwtTenantClaim(@Nullable String jwtTenantClaim) { this.jwtTenantClaim = jwtTenantClaim; }
    public @Nullable String getSimulateProgress() { return simulateProgress; }
    public void setSimulateProgress(@Nullable String simulateProgress) { this.simulateProgress = simulateProgress; }
    public @Nullable String getEventTail() { return eventTail; }
    public void setEventTail(@Nullable String eventTail) { this.eventTail = eventTail; }
    public @Nullable String getLiveWebsocket() { return liveWebsocket; }
    public void setLiveWebsocket(@Nullable String liveWebsocket) { this.liveWebsocket = liveWebsocket; }
    public @Nullable String getScanAllowLoopback() { return scanAllowLoopback; }
    public void setScanAllowLoopback(@Nullable String scanAllowLoopback) { this.scanAllowLoopback = scanAllowLoopback; }
    public @Nullable String getScanDenyCidrs() { return scanDenyCidrs; }
    public void setScanDenyCidrs(@Nullable String scanDenyCidrs) { this.scanDenyCidrs = scanDenyCidrs; }
    public Database getDatabase() { return database; }
    public void setDatabase(Database database) { this.database = database; }
    public Jwt getJwt() { return jwt; }
    public void setJwt(Jwt jwt) { this.jwt = jwt; }
    public Deployment getDeployment() { return deployment; }
    public void setDeployment(Deployment deployment) { this.deployment = deployment; }
    public DataApi getDataApi() { return dataApi; }
    public void setDataApi(DataApi dataApi) { this.dataApi = dataApi; }
    public Outbound getOutbound() { return outbound; }
    public void setOutbound(Outbound outbound) { this.outbound = outbound; }
    public Webhook getWebhook() { return webhook; }
    public void setWebhook(Webhook webhook) { this.webhook = webhook; }
    public Stream getStream() { return stream; }
    public void setStream(Stream stream) { this.stream = stream; }
    public Workflow getWorkflow() { return workflow; }
    public void setWorkflow(Workflow workflow) { this.workflow = workflow; }
}
