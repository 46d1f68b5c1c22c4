package com.aitesting.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The ONE Jackson configuration of the plain-Java adapters (stores, handlers, the embedded runtime, benchmarks;
 * core reads no JSON outside its catalog):
 * java.time registered and written as ISO-8601 text, never as numbers. The Micronaut app has its own
 * (micronaut-jackson-databind) for HTTP bodies. An ObjectMapper is thread-safe once configured; callers
 * that need a variant take a {@link ObjectMapper#copy()}.
 */
public final class JsonMappers {
    private static final ObjectMapper SHARED = configure(new ObjectMapper());

    /** The shared, configured mapper. Do not reconfigure it: {@link ObjectMapper#copy()} it. */
    public static ObjectMapper shared() {
        return SHARED;
    }

    /** Applies the shared configuration to {@code mapper} (for a mapper another library builds). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private JsonMappers() {}
}
