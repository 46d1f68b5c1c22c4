package com.aitesting.core.notification;

import com.aitesting.core.notification.WebhookTransport.Attempt;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Posts one message with the retry policy: 2xx is delivered; timeouts, connection errors and 5xx are retried
 * with backoff; 429 waits for its Retry-After (capped) and is retried; any other status is permanent (a
 * revoked webhook answers 404 or 410 and stays that way). Never throws for a receiver's behaviour.
 *
 * <p>The URL is checked against the {@link OutboundPolicy} before anything is sent (a row stored before the
 * policy existed, or under a wider one, is refused here), and the transport checks the resolved addresses at
 * connect time; a refusal is permanent and recorded with its reason code.
 */
public final class SlackDelivery {
    private final WebhookTransport transport;
    private final OutboundPolicy outbound;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public SlackDelivery(WebhookTransport transport, OutboundPolicy outbound, RetryPolicy policy, Sleeper sleeper,
                         DoubleSupplier random) {
        this.transport = transport;
        this.outbound = outbound;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    public DeliveryReport deliver(WebhookUrl url, Map<String, Object> body) {
        Optional<OutboundRefusal> refused = outbound.checkUrl(url.reveal());
        if (refused.isPresent()) {
            return DeliveryReport.failure(0, 0, refused.get().code());
        }
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
                    lastError = DeliveryError.httpCode(429);
                    requestedWait = policy.retryAfter(answered.retryAfter());
                }
                case Attempt.Answered answered when answered.status() >= 500 -> {
                    lastStatus = answered.status();
                    lastError = DeliveryError.httpCode(answered.status());
                }
                case Attempt.Answered answered -> {
                    return DeliveryReport.failure(attempt, answered.status(), DeliveryError.httpCode(answered.status()));
                }
                case Attempt.NoAnswer noAnswer -> {
                    lastStatus = 0;
                    lastError = noAnswer.error().code();
                }
                case Attempt.Refused refusal -> {
                    return DeliveryReport.failure(attempt, 0, refusal.refusal().code());
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
