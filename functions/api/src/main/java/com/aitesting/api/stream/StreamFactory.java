package com.aitesting.api.stream;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.ApiProperties;
import com.aitesting.api.config.AuthMode;
import com.aitesting.api.wiring.AppRoleLogin;
import com.aitesting.aws.secrets.LazySecret;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.postgres.Credentials;
import com.aitesting.postgres.tail.PollingTail;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.stream.IssueStreamToken;
import com.aitesting.core.stream.StreamRunEvents;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.postgres.tail.ConnectionFactory;
import com.aitesting.postgres.tail.EventTail;
import com.aitesting.postgres.tail.RunEventTails;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the SSE streams: settings, the process's one event tail, the use cases and the shared threads. */
@Factory
public class StreamFactory {
    public static final String READERS = "stream-readers";
    public static final String TIMER = "stream-timer";
    private static final Logger LOG = LoggerFactory.getLogger(StreamFactory.class);

    @Context
    public StreamSettings streamSettings(ApiProperties properties, ApiConfig config) {
        // data_api is a store, not a tail: ApiConfig parses it; its signals are the poller's (eventTail below)
        String tail = properties.getEventTail();
        StreamSettings settings = StreamSettings.from(properties.getStream(), ApiConfig.isDataApiTail(tail) ? "poll" : tail);
        boolean keyInSecret = config.deployment().streamTokenSecretArn().isPresent();
        if (keyInSecret && settings.tokenKeyConfigured()) {
            throw new IllegalArgumentException("set STREAM_TOKEN_SECRET_ARN or STREAM_TOKEN_SECRET, not both");
        }
        if (!keyInSecret && !settings.tokenKeyConfigured()) {
            if (config.authMode() == AuthMode.STREAM_TOKEN) {
                // a random key would verify only tokens this process issued, and this one issues none
                throw new IllegalArgumentException("AUTH_MODE=stream_token needs the key the API signs with: "
                        + "STREAM_TOKEN_SECRET_ARN (or STREAM_TOKEN_SECRET)");
            }
            LOG.info("STREAM_TOKEN_SECRET is not set: stream tokens are signed with a random key and verify only in this process");
        }
        return settings;
    }

    /** The process's ONE listening connection (or poller), started on the first stream. */
    @Singleton
    @Bean(preDestroy = "close")
    public EventTail eventTail(StreamSettings settings, ApiConfig config, Transactions transactions, RunEventReads reads,
                               Optional<AppRoleLogin> appRoleLogin) {
        if (config.deployment().dataApi().isPresent()) {
            // No JDBC and no LISTEN over the Data API: the same poller as EVENT_TAIL=poll, on the Data API adapters.
            LOG.info("Run event tail: polling run heads through the Aurora Data API every {} ms", settings.pollInterval().toMillis());
            return PollingTail.start(transactions, reads, settings.pollInterval());
        }
        ApiConfig.Database db = config.database();
        AppRoleLogin login = appRoleLogin.orElseThrow();
        ConnectionFactory listenConnections = () -> {
            Properties props = new Properties();
            Credentials credentials = login.get(); // at the first stream, not at start (SnapStart)
            if (!credentials.user().isEmpty()) {
                props.setProperty("user", credentials.user());
            }
            if (!credentials.password().isEmpty()) {
                props.setProperty("password", credentials.password());
            }
            props.setProperty("ApplicationName", "ait-event-tail");
            props.setProperty("tcpKeepAlive", "true");
            return DriverManager.getConnection(db.jdbcUrl(), props);
        };
        return RunEventTails.start(settings.tail(), listenConnections, transactions, reads,
                settings.pollInterval(), Duration.ofSeconds(10));
    }

    /**
     * The embedded server shares one watch and one window of recent events per run among its many streams;
     * the SSE function on AWS (Data API) serves one stream per instance, so each is a plain loop over the reads.
     */
    @Singleton
    public StreamRunEvents streamRunEvents(Transactions transactions, RunEventReads reads, EventTail tail, ApiConfig config) {
        return config.deployment().dataApi().isPresent()
                ? StreamRunEvents.unshared(transactions, reads, tail)
                : new StreamRunEvents(transactions, reads, tail);
    }

    /**
     * On AWS the key is the secret STREAM_TOKEN_SECRET_ARN (shared by the API, which issues tokens, and the
     * SSE function, which checks them), read at the first token rather than at start, so that the API's
     * SnapStart snapshot does not hold it.
     */
    @Singleton
    public StreamTokens streamTokens(StreamSettings settings, ApiConfig config, SecretReader secrets) {
        Optional<String> secretArn = config.deployment().streamTokenSecretArn();
        if (secretArn.isPresent()) {
            LazySecret<byte[]> key = LazySecret.of(secrets, secretArn.get(), value -> value.trim().getBytes(StandardCharsets.UTF_8));
            return new StreamTokens(key, settings.tokenTtl(), Clock.systemUTC());
        }
        return new StreamTokens(settings.tokenKey(), settings.tokenTtl(), Clock.systemUTC());
    }

    @Singleton
    public IssueStreamToken issueStreamToken(Transactions transactions, RunEventReads reads, StreamTokens tokens) {
        return new IssueStreamToken(transactions, reads, tokens);
    }

    @Singleton
    public SseFrames sseFrames(ObjectMapper json) {
        return new SseFrames(json);
    }

    /** Reads pages for all streams; sized like a share of the connection pool, since each read holds one briefly. */
    @Singleton
    @Named(READERS)
    @Bean(preDestroy = "shutdownNow")
    public ExecutorService streamReaders(StreamSettings settings) {
        return Executors.newFixedThreadPool(settings.readThreads(), Thread.ofPlatform().name("stream-read-", 0).daemon().factory());
    }

    /** Keep-alive and stall checks of all streams: short, non-blocking tasks. */
    @Singleton
    @Named(TIMER)
    @Bean(preDestroy = "shutdownNow")
    public ScheduledExecutorService streamTimer() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("stream-timer").daemon().factory());
    }
}
