package com.aitesting.core.notification;

import com.aitesting.core.notification.WebhookTransport.Attempt;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Posts one message with the retry policy: 2xx is delivered; timeouts, connection errors and 5xx are retried
 * with backoff; 429 waits for its Retry-After (capped) and is retried; any other status is permanent (a
 * revoked webhook answers 404 or 410 and stays that way). Never throws for a receiver's behaviour.
 */
public final class SlackDelivery {
    private final WebhookTransport transport;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public SlackDelivery(WebhookTransport transport, RetryPolicy policy, Sleeper sleeper, DoubleSupplier random) {
        this.transport = transport;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    public DeliveryReport deliver(WebhookUrl url, Map<String, Object> body) {
        int lastStatus = 0;
        String lastError = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            Optional<Duration> requestedWait = Optional.empty();
            switch (transport.post(url, body)) {
                case Attempt.Answered answered when answered.status() / 100 == 2 -> {
                    return DeliveryReport.success(attempt, answered.status());
                }
                case Attempt.Answered answered when answered.status() == 429 -> {
                    lastStatus = 429;
                    lastError = "http_429";
                    requestedWait = policy.retryAfter(answered.retryAfter());
                }
                case Attempt.Answered answered when answered.status() >= 500 -> {
                    lastStatus = answered.status();
                    lastError = "http_" + answered.status();
                }
                case Attempt.Answered answered -> {
                    return DeliveryReport.failure(attempt, answered.status(), "http_" + answered.status());
                }
                case Attempt.NoAnswer noAnswer -> {
                    lastStatus = 0;
                    lastError = noAnswer.errorClass();
                }
            }
            if (attempt == policy.maxAttempts()) {
                break;
            }
            int retry = attempt;
            Duration wait = requestedWait.orElseGet(() -> policy.backoff(retry, random.getAsDouble()));
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                // Shutting down: stop retrying, keep the flag for the caller, report what we have.
                Thread.currentThread().interrupt();
                return DeliveryReport.failure(attempt, lastStatus, lastError);
            }
        }
        return DeliveryReport.failure(policy.maxAttempts(), lastStatus, lastError);
    }
}
