package com.aitesting.core.notification;

import com.aitesting.core.outbound.OutboundRefusal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Port: ONE HTTP POST of a JSON body to a webhook, with the adapter's connect and read timeouts. Retrying
 * is not its business ({@link SlackDelivery} decides); it reports what happened without throwing. The adapter
 * resolves the host, checks the addresses against the {@link com.aitesting.core.outbound.OutboundPolicy} and
 * connects only to an address it checked.
 */
public interface WebhookTransport {

    Attempt post(WebhookUrl url, Map<String, Object> jsonBody);

    /** The result of one attempt. */
    sealed interface Attempt {
        /** The receiver answered; {@code retryAfter} is the parsed Retry-After header (seconds form), if any. */
        record Answered(int status, Optional<Duration> retryAfter) implements Attempt {
            public Answered {
                retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
            }
        }

        /** No answer: timeout, refused or reset connection, TLS failure; as a stable code, never an exception text. */
        record NoAnswer(DeliveryError error) implements Attempt {}

        /** Nothing was connected: the host resolved to an address the policy refuses. */
        record Refused(OutboundRefusal refusal) implements Attempt {}
    }
}
