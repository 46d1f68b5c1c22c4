package com.aitesting.api.stream;

import com.aitesting.core.stream.StreamTokens;
import com.aitesting.postgres.tail.RunEventTails;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The SSE settings, parsed once at start (docs/streaming.md lists the variables); a bad value stops the
 * start with a message naming the variable.
 *
 * @param keepAlive     STREAM_KEEPALIVE_MS: a {@code : keep-alive} comment this often, so proxies and
 *                      load balancers do not cut an idle stream
 * @param retry         STREAM_RETRY_MS: the {@code retry:} hint, EventSource's reconnect delay
 * @param stall         STREAM_STALL_MS: a subscriber that has frames waiting but takes none for this long
 *                      is disconnected (it resumes with Last-Event-ID)
 * @param bufferEvents  STREAM_BUFFER_EVENTS: per stream, the most events read ahead of the client; also
 *                      the page size of each read
 * @param bufferBytes   STREAM_BUFFER_BYTES: per stream, the most bytes read ahead of the client
 * @param readThreads   STREAM_READ_THREADS: threads that read pages for all streams (each read holds a
 *                      pooled connection for one short query)
 * @param tokenTtl      STREAM_TOKEN_TTL_SECONDS: lifetime of a stream token
 * @param tokenKey      STREAM_TOKEN_SECRET (UTF-8, at least 32 bytes); random per process when unset
 * @param tail          EVENT_TAIL: listen (default) or poll
 * @param pollInterval  EVENT_POLL_MS: the poller's interval (EVENT_TAIL=poll, or when LISTEN fails)
 */
public record StreamSettings(Duration keepAlive, Duration retry, Duration stall, int bufferEvents, int bufferBytes,
                             int readThreads, Duration tokenTtl, byte[] tokenKey, boolean tokenKeyConfigured,
                             RunEventTails.Mode tail, Duration pollInterval) {

    public static StreamSettings parse(String keepAliveMs, String retryMs, String stallMs, String bufferEvents,
                                       String bufferBytes, String readThreads, String tokenTtlSeconds,
                                       String tokenSecret, String tail, String pollMs) {
        boolean secretSet = tokenSecret != null && !tokenSecret.isBlank();
        byte[] key = secretSet ? tokenSecret.getBytes(StandardCharsets.UTF_8) : StreamTokens.randomKey();
        if (key.length < StreamTokens.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("STREAM_TOKEN_SECRET must be at least " + StreamTokens.MIN_KEY_BYTES
                    + " bytes (e.g. `openssl rand -base64 48`)");
        }
        return new StreamSettings(
                Duration.ofMillis(number("STREAM_KEEPALIVE_MS", keepAliveMs, 15_000, 50, 300_000)),
                Duration.ofMillis(number("STREAM_RETRY_MS", retryMs, 3_000, 0, 600_000)),
                Duration.ofMillis(number("STREAM_STALL_MS", stallMs, 30_000, 100, 600_000)),
                (int) number("STREAM_BUFFER_EVENTS", bufferEvents, 500, 1, 10_000),
                (int) number("STREAM_BUFFER_BYTES", bufferBytes, 1 << 20, 1024, 64 << 20),
                (int) number("STREAM_READ_THREADS", readThreads, 8, 1, 256),
                Duration.ofSeconds(number("STREAM_TOKEN_TTL_SECONDS", tokenTtlSeconds, 300, 1, 3600)),
                key, secretSet,
                RunEventTails.Mode.parse(tail),
                Duration.ofMillis(number("EVENT_POLL_MS", pollMs, 500, 10, 60_000)));
    }

    private static long number(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was " + n);
        }
        return n;
    }

    @Override
    public String toString() { // never print the key
        return "StreamSettings[keepAlive=" + keepAlive + ", retry=" + retry + ", stall=" + stall + ", bufferEvents="
                + bufferEvents + ", bufferBytes=" + bufferBytes + ", readThreads=" + readThreads + ", tokenTtl="
                + tokenTtl + ", tokenKeyConfigured=" + tokenKeyConfigured + ", tail=" + tail + ", pollInterval=" + pollInterval + "]";
    }
}
