package com.aitesting.api.stream;

import com.aitesting.api.config.ApiProperties;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.postgres.tail.RunEventTails;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The SSE settings, built once at start from {@link ApiProperties.Stream} (docs/streaming.md lists the
 * variables); a bad value stops the start with a message naming the variable.
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

    /** From the bound settings, whose numbers their constraints have checked; {@code tail} is EVENT_TAIL without data_api. */
    public static StreamSettings from(ApiProperties.Stream stream, String tail) {
        String tokenSecret = stream.getTokenSecret();
        boolean secretSet = tokenSecret != null && !tokenSecret.isBlank();
        byte[] key = secretSet ? tokenSecret.getBytes(StandardCharsets.UTF_8) : StreamTokens.randomKey();
        if (key.length < StreamTokens.MIN_KEY_BYTES) {
            throw new IllegalArgumentException("STREAM_TOKEN_SECRET must be at least " + StreamTokens.MIN_KEY_BYTES
                    + " bytes (e.g. `openssl rand -base64 48`)");
        }
        return new StreamSettings(
                Duration.ofMillis(ApiProperties.number(stream.getKeepaliveMs(), 15_000)),
                Duration.ofMillis(ApiProperties.number(stream.getRetryMs(), 3_000)),
                Duration.ofMillis(ApiProperties.number(stream.getStallMs(), 30_000)),
                (int) ApiProperties.number(stream.getBufferEvents(), 500),
                (int) ApiProperties.number(stream.getBufferBytes(), 1 << 20),
                (int) ApiProperties.number(stream.getReadThreads(), 8),
                Duration.ofSeconds(ApiProperties.number(stream.getTokenTtlSeconds(), 300)),
                key, secretSet,
                RunEventTails.Mode.parse(tail),
                Duration.ofMillis(ApiProperties.number(stream.getPollMs(), 500)));
    }

    @Override
    public String toString() { // never print the key
        return "StreamSettings[keepAlive=" + keepAlive + ", retry=" + retry + ", stall=" + stall + ", bufferEvents="
                + bufferEvents + ", bufferBytes=" + bufferBytes + ", readThreads=" + readThreads + ", tokenTtl="
                + tokenTtl + ", tokenKeyConfigured=" + tokenKeyConfigured + ", tail=" + tail + ", pollInterval=" + pollInterval + "]";
    }
}
