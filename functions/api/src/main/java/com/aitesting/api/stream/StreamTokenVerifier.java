package com.aitesting.api.stream;

import com.aitesting.api.auth.ActorResolver;
import com.aitesting.api.auth.DeploymentTenant;
import com.aitesting.api.auth.UnauthorizedException;
import com.aitesting.api.config.ApiConfig;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamTokenCheck;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.TenantId;
import jakarta.inject.Singleton;

/**
 * A presented {@code ?stream_token=} as the tenant it opens {@code run} for, or a 401: the one check
 * behind the SSE stream, the WebSocket and a fetched event. A token signed with this deployment's key yet
 * for another tenant is refused like any invalid token.
 */
@Singleton
public final class StreamTokenVerifier {
    private final StreamTokens tokens;
    private final DeploymentTenant deploymentTenant;

    public StreamTokenVerifier(StreamTokens tokens, ApiConfig config) {
        this.tokens = tokens;
        this.deploymentTenant = new DeploymentTenant(config);
    }

    public TenantId tenant(String token, RunId run) {
        return switch (tokens.check(token, run)) {
            case StreamTokenCheck.Valid valid -> deploymentTenant.admit(valid.tenant(), invalid("The stream token is not valid."));
            case StreamTokenCheck.Rejected rejected -> throw invalid(rejected.reason());
        };
    }

    /** The run a genuine token names (expiry not yet checked: {@link #tenant} does that). */
    public RunId run(String token) {
        return tokens.namedRun(token).orElseThrow(() -> invalid("The stream token is not valid."));
    }

    private static UnauthorizedException invalid(String detail) {
        return new UnauthorizedException(detail, ActorResolver.STREAM_TOKEN_CHALLENGE);
    }
}
