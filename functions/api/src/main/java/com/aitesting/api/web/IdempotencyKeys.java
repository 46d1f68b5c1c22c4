package com.aitesting.api.web;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.idempotency.IdempotencyKey;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * The HTTP side of the Idempotency-Key header on creating endpoints (the rule itself is core's
 * {@link IdempotentCreation}): what identifies a request, and how a replay is marked.
 */
@Singleton
public final class IdempotencyKeys {
    /** On a replayed answer: the resource was created by an earlier request with the same key. */
    public static final String REPLAYED = "Idempotent-Replayed";
    /** The OpenAPI description of the header, the same on every endpoint that takes it. */
    public static final String DESCRIPTION = "Optional, 1-255 printable ASCII characters. A retry with the same key and the same "
            + "request within 24 hours answers the first request's resource as it is now (201, Idempotent-Replayed: true) and "
            + "creates nothing; the same key with another body or path is a 422 idempotency-key-reused. Keys are the caller's "
            + "own (per tenant, user and endpoint). A request that fails is not remembered: fix it and retry with the same key.";

    private final ObjectMapper json;

    public IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /**
     * What a retry must repeat: the method, the path and the body as read (written back by the one ObjectMapper, so
     * spacing and the order of fields do not count). Null when the request carries no key.
     */
    public IdempotentRequest request(HttpRequest<?> http, String key, String route, Object body) {
        if (key == null) {
            return null;
        }
        if (http.getHeaders().getAll(IdempotencyKey.HEADER).size() > 1) {
            throw InvalidInputException.of(IdempotencyKey.HEADER, "must be given once");
        }
        try {
            return IdempotentRequest.of(key, http.getMethodName(), http.getMethodName() + " " + route, http.getPath(),
                    json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body that was read can be written", e);
        }
    }

    /** 201 with {@code body} and its Location; a replay says so. */
    public <T> MutableHttpResponse<T> created(IdempotentCreation.Created<?> created, T body, URI location) {
        MutableHttpResponse<T> response = HttpResponse.created(body, location);
        return created.replayed() ? response.header(REPLAYED, "true") : response;
    }
}
