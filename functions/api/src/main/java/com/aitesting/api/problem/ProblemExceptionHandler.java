package com.aitesting.api.problem;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Catches what no more specific Micronaut handler claims: our domain and auth exceptions and anything
 * unexpected. (Micronaut picks the handler whose exception type is nearest to the thrown one, so the
 * framework's handlers for JSON, 405, 413 and 415 still run; they end in {@link ProblemErrorResponseProcessor}.)
 */
@Singleton
@Produces("application/problem+json")
@Requires(classes = ExceptionHandler.class)
public final class ProblemExceptionHandler implements ExceptionHandler<Throwable, HttpResponse<?>> {
    private final Problems problems;

    public ProblemExceptionHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Throwable exception) {
        return problems.respond(request, exception, null);
    }
}
