package com.aitesting.api.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Micronaut's own error responses (route miss 404, 405, 413, 415, JSON binding errors, unhandled
 * exceptions) all pass through an ErrorResponseProcessor; replacing the default one sends them through
 * {@link Problems}, the same mapping our own exceptions use.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Object> {
    private final Problems problems;

    public ProblemErrorResponseProcessor(Problems problems) {
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext errorContext, MutableHttpResponse<?> response) {
        return (MutableHttpResponse<Object>) problems.write(errorContext.getRequest(), errorContext.getRootCause().orElse(null), response);
    }
}
