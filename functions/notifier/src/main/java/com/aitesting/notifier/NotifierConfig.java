package com.aitesting.notifier;

import com.aitesting.core.settings.Flags;
import com.aitesting.aws.secrets.SecretReader;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.notification.NotifierSettings;
import com.aitesting.core.notification.RetryPolicy;
import com.aitesting.core.notification.WebhookUrl;
import com.aitesting.core.outbound.OutboundPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The notifier's settings, parsed once from the environment; a bad value stops the start with a message
 * naming the variable. {@code toString} is safe to log: the webhook prints masked.
 *
 * <pre>
 * SLACK_WEBHOOK               unset       default webhook; a tenant's own webhook overrides it
 * SLACK_WEBHOOK_SECRET_ARN    unset       on AWS: the secret holding that webhook ("unset" in it = none)
 * PUBLIC_BASE_URL             http://localhost:8080   base of the run's link in messages
 * SLACK_CONNECT_TIMEOUT_MS    3000
 * SLACK_READ_TIMEOUT_MS       5000
 * SLACK_MAX_ATTEMPTS          4           attempts in all, first one included
 * SLACK_BACKOFF_BASE_MS       500         exponential backoff with full jitter...
 * SLACK_BACKOFF_MAX_MS        8000        ...capped per wait
 * SLACK_RETRY_AFTER_MAX_MS    10000       longest Retry-After honoured
 * SLACK_ALLOWED_HOSTS         unset       host names added to Slack's webhook hosts (OutboundPolicy)
 * SLACK_ALLOW_LOOPBACK_HTTP   false       true: loopback receivers (tests); refused on AWS
 * WEBHOOK_KMS_KEY_ARN         unset       on AWS: the KMS key that wraps the webhook URLs' data keys
 * </pre>
 */
public record NotifierConfig(
        Optional<WebhookUrl> defaultWebhook,
        URI publicBaseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        RetryPolicy retry,
        OutboundPolicy outbound,
        Optional<String> webhookKmsKeyArn) {

    /** What the stack writes into a webhook secret it creates, until an operator puts the URL in: no default webhook. */
    public static final String PLACEHOLDER_WEBHOOK = "unset";

    /** Added to the slowest possible delivery before a pending claim is presumed dead. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(60);

    public NotifierConfig {
        Objects.requireNonNull(defaultWebhook, "defaultWebhook");
        Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(webhookKmsKeyArn, "webhookKmsKeyArn");
    }

    public static NotifierConfig fromEnvironment() {
        return parse(System.getenv());
    }

    public static NotifierConfig parse(Map<String, String> env) {
        return parse(env, arn -> {
            throw new IllegalStateException("SLACK_WEBHOOK_SECRET_ARN is set but no secret reader is configured");
        });
    }

    /**
     * As {@link #parse(Map)}, with the default webhook read from the secret named by SLACK_WEBHOOK_SECRET_ARN
     * (on AWS) instead of SLACK_WEBHOOK; setting both is a mistake and stops the start. A secret holding
     * {@value #PLACEHOLDER_WEBHOOK} (what the stack writes until an operator puts a URL in) or nothing means
     * no default webhook.
     */
    public static NotifierConfig parse(Map<String, String> env, SecretReader secrets) {
        String secretArn = blankToNull(env.get("SLACK_WEBHOOK_SECRET_ARN"));
        String plain = blankToNull(env.get("SLACK_WEBHOOK"));
        if (secretArn != null && plain != null) {
            throw new IllegalArgumentException("set SLACK_WEBHOOK_SECRET_ARN or SLACK_WEBHOOK, not both");
        }
        OutboundPolicy outbound = OutboundPolicy.of(env.get("SLACK_ALLOWED_HOSTS"),
                flag(env, "SLACK_ALLOW_LOOPBACK_HTTP"), runsOnAws(env));
        Optional<WebhookUrl> webhook;
        if (secretArn != null) {
            String value = blankToNull(secrets.read(secretArn));
            webhook = value == null || value.trim().equals(PLACEHOLDER_WEBHOOK) ? Optional.empty()
                    : Optional.of(webhook("the secret in SLACK_WEBHOOK_SECRET_ARN", value.trim(), outbound));
        } else {
            webhook = Optional.ofNullable(plain).map(s -> webhook("SLACK_WEBHOOK", s, outbound));
        }
        Optional<String> kmsKey = Optional.ofNullable(blankToNull(env.get("WEBHOOK_KMS_KEY_ARN"))).map(String::trim);
        kmsKey.filter(arn -> !arn.startsWith("arn:")).ifPresent(arn -> {
            throw new IllegalArgumentException("WEBHOOK_KMS_KEY_ARN must be an ARN, was '" + arn + "'");
        });
        return new NotifierConfig(webhook,
                baseUrl(env.getOrDefault("PUBLIC_BASE_URL", "http://localhost:8080")),
                millis(env, "SLACK_CONNECT_TIMEOUT_MS", 3000),
                millis(env, "SLACK_READ_TIMEOUT_MS", 5000),
                new RetryPolicy(
                        (int) number(env, "SLACK_MAX_ATTEMPTS", 4, 1, 20),
                        millis(env, "SLACK_BACKOFF_BASE_MS", 500),
                        millis(env, "SLACK_BACKOFF_MAX_MS", 8000),
                        millis(env, "SLACK_RETRY_AFTER_MAX_MS", 10000)),
                outbound, kmsKey);
    }

    /** A Lambda execution environment always has AWS_LAMBDA_FUNCTION_NAME. */
    public static boolean runsOnAws(Map<String, String> env) {
        return blankToNull(env.get("AWS_LAMBDA_FUNCTION_NAME")) != null;
    }

    private static boolean flag(Map<String, String> env, String key) {
        return Flags.parse(key, env.get(key), false);
    }

    /** The default webhook obeys the same outbound policy as a tenant's. */
    private static WebhookUrl webhook(String source, String value, OutboundPolicy outbound) {
        WebhookUrl url;
        try {
            url = WebhookUrl.parse(value);
        } catch (InvalidInputException e) {
            // the message names the rule, never the value
            throw new IllegalArgumentException(source + " " + e.errors().getFirst().message());
        }
        outbound.checkUrl(url.reveal()).ifPresent(refusal -> {
            throw new IllegalArgumentException(source + " " + refusal.sentence());
        });
        return url;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The longest one delivery can take: every attempt timing out, every wait at its cap. */
    public Duration worstCaseDelivery() {
        return connectTimeout.plus(readTimeout).multipliedBy(2).multipliedBy(retry.maxAttempts())
                .plus(retry.maxTotalWait());
    }

    public NotifierSettings settings() {
        return new NotifierSettings(defaultWebhook, publicBaseUrl, worstCaseDelivery().plus(LEASE_MARGIN));
    }

    private static URI baseUrl(String value) {
        try {
            URI uri = URI.create(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("PUBLIC_BASE_URL must be an absolute http(s) URL, was '" + value + "'");
    }

    private static Duration millis(Map<String, String> env, String key, long fallback) {
        return Duration.ofMillis(number(env, key, fallback, 1, 600_000));
    }

    private static long number(Map<String, String> env, String key, long fallback, long min, long max) {
        String raw = env.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number within " + min + ".." + max + ", was '" + raw + "'");
    }
}
