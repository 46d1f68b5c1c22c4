package com.aitesting.core.notification;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Port: ONE HTTP POST of a JSON body to a webhook, with the adapter's connect and read timeouts. Retrying
 * is not its business ({@link SlackDelivery} decides); it reports what happened without throwing.
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

        /**
         * No answer: timeout, refused or reset connection, TLS failure. {@code errorClass} is the exception's
         * simple class name; messages are not carried because they can contain the URL.
         */
        record NoAnswer(String errorClass) implements Attempt {}
    }
}
