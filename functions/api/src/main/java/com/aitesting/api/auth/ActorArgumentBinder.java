package com.aitesting.api.auth;

import com.aitesting.core.tenant.Actor;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Lets a controller method take the caller as an {@link Actor} parameter (set by {@link AuthFilter}). */
@Singleton
public final class ActorArgumentBinder implements TypedRequestArgumentBinder<Actor> {
    @Override
    public Argument<Actor> argumentType() {
        return Argument.of(Actor.class);
    }

    @Override
    public BindingResult<Actor> bind(ArgumentConversionContext<Actor> context, HttpRequest<?> source) {
        Optional<Actor> actor = source.getAttribute(AuthFilter.ACTOR_ATTRIBUTE, Actor.class);
        if (actor.isEmpty()) {
            // Only reachable if a route outside /v1, /v2 asks for an Actor: a wiring mistake, not a client error.
            throw new IllegalStateException("No actor on a route that requires one");
        }
        return () -> actor;
    }
}
