package com.aitesting.api.stream;

import com.aitesting.api.auth.ActorResolver;
import com.aitesting.api.auth.AuthFilter;
import com.aitesting.api.auth.DeploymentTenant;
import com.aitesting.api.auth.UnauthorizedException;
import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamTokenCheck;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * A presented {@code ?stream_token=} as the tenant it opens {@code run} for and until when, or a 401: the
 * one check behind the SSE stream, the WebSocket and a fetched event. A token signed with this deployment's
 * key yet for another tenant is refused like any invalid token.
 */
@Singleton
public final class StreamTokenVerifier {
    private final StreamTokens tokens;
    private final DeploymentTenant deploymentTenant;
    private final Clock clock;

    public StreamTokenVerifier(StreamTokens tokens, ApiConfig config, Clock clock) {
        this.tokens = tokens;
        this.deploymentTenant = new DeploymentTenant(config);
        this.clock = clock;
    }

    /** The tenant the token opens {@code run} for, and until when (what it opens ends then). */
    private StreamTokenCheck.Valid verify(String token, RunId run) {
        return switch (tokens.check(token, run)) {
            case StreamTokenCheck.Valid valid -> {
                deploymentTenant.admit(valid.tenant(), invalid("The stream token is not valid."));
                yield valid;
            }
            case StreamTokenCheck.Rejected rejected -> throw invalid(rejected.reason());
        };
    }

    /**
     * Whom {@code request} opens a live stream for: with {@code token}, its tenant for its run only (for
     * {@code run}, or when null the run the token names), until the token's expiry; else the actor the
     * auth filter resolved, until its credential's expiry. A 401 for a token that does not verify, or
     * for a request with neither.
     */
    public StreamAccess access(HttpRequest<?> request, @Nullable String token, @Nullable RunId run) {
        if (token != null) {
            RunId named = run != null ? run : tokens.namedRun(token).orElseThrow(() -> invalid("The stream token is not valid."));
            StreamTokenCheck.Valid valid = verify(token, named);
            return new StreamAccess(valid.tenant(), Optional.of(named), Optional.of(valid.expiresAt()));
        }
        // AuthFilter lets only token-bearing requests through without an actor
        Actor actor = ActorResolver.forLiveStream(request.getAttribute(AuthFilter.ACTOR_ATTRIBUTE, Actor.class)
                .orElseThrow(() -> new UnauthorizedException("No credentials.", ActorResolver.STREAM_TOKEN_CHALLENGE)), clock.instant());
        return new StreamAccess(actor.tenant(), Optional.empty(), actor.credentialExpiresAt());
    }

    /** {@code actor}, if its credential may still open a live stream, as minting a stream token for one does. */
    public Actor current(Actor actor) {
        return ActorResolver.forLiveStream(actor, clock.instant());
    }

    private static UnauthorizedException invalid(String detail) {
        return new UnauthorizedException(detail, ActorResolver.STREAM_TOKEN_CHALLENGE);
    }
}
