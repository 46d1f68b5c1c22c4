package com.aitesting.notifier;

import com.aitesting.postgres.JsonMappers;
import com.aitesting.core.notification.DeliveryError;
import com.aitesting.core.notification.WebhookTransport;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.outbound.HostResolver;
import com.aitesting.core.outbound.OutboundPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POST with Apache HttpClient, whose connections are opened only to addresses the {@link GuardedResolver}
 * checked (one lookup per connection, no second one). A connect timeout, a read timeout on the response, and an
 * overall bound that also covers a body trickling forever. No redirects (a webhook that redirects is
 * misconfigured, and following would send the message elsewhere), no proxy from the environment, no retries of
 * its own, no cookies. Failures are reported as stable codes: exception messages can contain the URL.
 */
public final class HttpWebhookTransport implements WebhookTransport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpWebhookTransport.class);
    private static final ObjectMapper JSON = JsonMappers.shared();

    /** A response head line (status or header) longer than this is a failed post. */
    static final int MAX_HEAD_LINE_BYTES = 8 * 1024;
    static final int MAX_HEADERS = 100;

    private final CloseableHttpClient client;
    private final Duration overall;

    public HttpWebhookTransport(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy, HostResolver resolver) {
        this(connectTimeout, readTimeout, policy, resolver, defaultTls());
    }

    HttpWebhookTransport(Duration connectTimeout, Duration readTimeout, OutboundPolicy policy, HostResolver resolver,
                         SSLContext tls) {
        this.overall = connectTimeout.plus(readTimeout).multipliedBy(2);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedResolver(resolver, policy))
                        // a receiver's head is read with bounds: without them one endless header line grows the
                        // buffer until the heap is gone, and the shared client with it, for every tenant
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom()
                                        .setMaxLineLength(MAX_HEAD_LINE_BYTES)
                                        .setMaxHeaderCount(MAX_HEADERS)
                                        .build())
                                .build())
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    @Override
    public Attempt post(WebhookUrl url, Map<String, Object> jsonBody) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(jsonBody);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message is not serialisable", e); // a bug in message building
        }
        HttpPost request = new HttpPost(url.reveal());
        request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON.withCharset("UTF-8")));
        CompletableFuture<Attempt> pending = CompletableFuture.supplyAsync(() -> send(request),
                runnable -> Thread.ofVirtual().name("ait-webhook-post").start(runnable));
        try {
            return pending.get(overall.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.cancel();
            return new Attempt.NoAnswer(DeliveryError.TIMEOUT);
        } catch (ExecutionException e) {
            throw new IllegalStateException("webhook post failed unexpectedly", e.getCause());
        } catch (InterruptedException e) {
            request.cancel();
            Thread.currentThread().interrupt();
            return new Attempt.NoAnswer(DeliveryError.INTERRUPTED);
        }
    }

    /**
     * The answer is the status and its Retry-After: the body is never read. The connection is dropped rather
     * than drained, so a body that is huge, endless or broken after a 2xx changes nothing (read to its end, a
     * broken one would turn a delivered message into a failure, then into a duplicate).
     */
    private Attempt send(HttpPost request) {
        ClassicHttpResponse response;
        try {
            response = client.executeOpen(null, request, null);
        } catch (GuardedResolver.RefusedAddressException e) {
            return new Attempt.Refused(e.refusal());
        } catch (IOException e) {
            DeliveryError error = classify(e);
            log.debug("Webhook post got no answer: {}", error.code()); // the exception's text may hold the URL
            return new Attempt.NoAnswer(error);
        }
        Attempt answered = new Attempt.Answered(response.getCode(), retryAfter(response.getFirstHeader("Retry-After")));
        request.cancel(); // drops the connection, so closing the response reads nothing more
        try {
            response.close();
        } catch (IOException afterTheAnswer) {
            // the connection is gone already; the answer stands
        }
        return answered;
    }

    static DeliveryError classify(IOException e) {
        return switch (e) {
            case ConnectTimeoutException t -> DeliveryError.TIMEOUT;
            case SocketTimeoutException t -> DeliveryError.TIMEOUT;
            case HttpHostConnectException c when c.getCause() instanceof ConnectException -> DeliveryError.CONNECTION_REFUSED;
            case ConnectException c -> DeliveryError.CONNECTION_REFUSED;
            case UnknownHostException u -> DeliveryError.NAME_NOT_RESOLVED;
            case SSLException s -> DeliveryError.TLS_FAILED;
            case InterruptedIOException i -> DeliveryError.TIMEOUT;
            default -> DeliveryError.CONNECTION_FAILED;
        };
    }

    /** Retry-After in its delay-seconds form; the HTTP-date form is rare for webhooks and falls back to backoff. */
    static Optional<Duration> retryAfter(Header header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.getValue().trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JVM", e);
        }
    }

    @Override
    public void close() {
        client.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
