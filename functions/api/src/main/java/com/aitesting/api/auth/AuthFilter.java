package com.aitesting.api.auth;

import com.aitesting.api.problem.Problems;
import com.aitesting.api.stream.StreamTokenCredential;
import com.aitesting.api.web.SingleQueryValues;
import com.aitesting.core.tenant.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Every /v1 and /v2 request must carry an identity; a request without one ends here with a 401 problem,
 * before routing, so even an unknown /v1 path reveals nothing to an anonymous caller. Then the rules that
 * hold for every query ({@link SingleQueryValues}).
 */
@ServerFilter({"/v1/**", "/v2/**"})
public final class AuthFilter {
    /** Request attribute holding the resolved {@link Actor}, read by {@link ActorArgumentBinder}. */
    public static final String ACTOR_ATTRIBUTE = "ait.actor";

    private final ActorResolver resolver;
    private final Problems problems;

    public AuthFilter(ActorResolver resolver, Problems problems) {
        this.resolver = resolver;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (StreamTokenCredential.presentedBy(request)) {
            // GET /v2/runs/{id}/events?stream_token=: RunEventsController verifies the token (EventSource sends no headers)
            return SingleQueryValues.refusal(request, problems);
        }
        try {
            Actor actor = resolver.resolve(request);
            request.setAttribute(ACTOR_ATTRIBUTE, actor);
            return SingleQueryValues.refusal(request, problems);
        } catch (UnauthorizedException e) {
            return problems.respond(request, e, null);
        }
    }
}
