package com.aitesting.notifier;

import com.aitesting.core.notification.WebhookTransport;
import com.aitesting.core.notification.WebhookUrl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST with {@link HttpClient}: a connect timeout, and a read timeout on the response. Redirects are not
 * followed (a webhook that redirects is misconfigured, and following would send the message elsewhere).
 * Failures are reported by exception class only: exception messages can contain the URL.
 */
public final class HttpWebhookTransport implements WebhookTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public HttpWebhookTransport(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
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
        HttpRequest request = HttpRequest.newBuilder(url.reveal())
                .timeout(readTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<Void>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            // The request timeout covers waiting for the response headers; this bound also covers a body that
            // trickles forever after them.
            HttpResponse<Void> response = pending.get(connectTimeout.plus(readTimeout).multipliedBy(2).toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Attempt.Answered(response.statusCode(), retryAfter(response));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Attempt.NoAnswer(HttpTimeoutException.class.getSimpleName());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Attempt.NoAnswer(cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Attempt.NoAnswer(InterruptedException.class.getSimpleName());
        }
    }

    /** Retry-After in its delay-seconds form; the HTTP-date form is rare for webhooks and falls back to backoff. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
