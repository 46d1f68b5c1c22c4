package com.aitesting.api.stream;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.netty.DefaultHttpCompressionStrategy;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import jakarta.inject.Singleton;

/**
 * Micronaut's default strategy compresses every text response of unknown length when the client
 * accepts gzip, and text/event-stream is text: a compressor holds bytes back until its block fills, so
 * events (and keep-alives) would reach the client late or in bursts. Same rules otherwise.
 */
@Singleton
@Replaces(DefaultHttpCompressionStrategy.class)
final class EventStreamCompressionStrategy implements HttpCompressionStrategy {
    private final int threshold;
    private final int level;
    private final int maxZstdEncodeSize;

    EventStreamCompressionStrategy(NettyHttpServerConfiguration config) {
        this.threshold = config.getCompressionThreshold();
        this.level = config.getCompressionLevel();
        this.maxZstdEncodeSize = config.getMaxZstdEncodeSize();
    }

    @Override
    public boolean isEnabled() {
        return threshold >= 0;
    }

    @Override
    public boolean shouldCompress(HttpResponse response) {
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!isEnabled() || contentType == null || contentType.startsWith(MediaType.TEXT_EVENT_STREAM)) {
            return false;
        }
        long length = io.netty.handler.codec.http.HttpUtil.getContentLength(response, -1L);
        return (length == -1 || length >= threshold) && MediaType.isTextBased(contentType);
    }

    @Override
    public int getCompressionLevel() {
        return level;
    }

    @Override
    public int getMaxZstdEncodeSize() {
        return maxZstdEncodeSize;
    }
}
