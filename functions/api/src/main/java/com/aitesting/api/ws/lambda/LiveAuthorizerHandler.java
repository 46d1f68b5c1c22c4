package com.aitesting.api.ws.lambda;

import com.aitesting.api.auth.ActorResolver;
import com.aitesting.api.auth.IdentityProviderUnavailableException;
import com.aitesting.api.auth.JwtVerifier;
import com.aitesting.api.auth.UnauthorizedException;
import com.aitesting.core.run.RunId;
import com.aitesting.core.stream.StreamTokenCheck;
import com.aitesting.core.stream.StreamTokens;
import com.aitesting.core.tenant.TenantId;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket API's REQUEST authorizer on $connect. Browsers cannot set headers on a WebSocket, so the
 * credentials are query parameters: {@code ?token=} a JWT of the issuer, checked by the API's one
 * {@link JwtVerifier} (signature by a key of the issuer's JWKS with an asymmetric algorithm, issuer,
 * audience, expiry) with the same JWT_* variables, and admitted for its tenant claim; or
 * {@code ?stream_token=} (HMAC, the key the API signs with), admitted for its tenant and scoped to its run.
 * The tenant (and run), and when the credential expires, reach the routes as the authorizer context. Anything else, or a tenant other than
 * this deployment's, is denied (API Gateway answers 403 and no connection exists), as is a connect whose
 * credentials could not be checked at all (logged as an error).
 */
public final class LiveAuthorizerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAuthorizerHandler.class);
    static final String TOKEN = "token";
    static final String STREAM_TOKEN = "stream_token";

    private final StreamTokens tokens;
    private final Optional<JwtVerifier> jwts;
    private final String tenantClaim;
    private final Optional<TenantId> deploymentTenant;

    /** Used by the Lambda runtime. */
    public LiveAuthorizerHandler() {
        this(LiveEnvironment.streamTokens(System.getenv()), LiveEnvironment.jwtVerifier(System.getenv()),
                LiveEnvironment.tenantClaim(System.getenv()), LiveEnvironment.deploymentTenant(System.getenv()));
    }

    LiveAuthorizerHandler(StreamTokens tokens, Optional<JwtVerifier> jwts, String tenantClaim, Optional<TenantId> deploymentTenant) {
        this.tokens = tokens;
        this.jwts = jwts;
        this.tenantClaim = tenantClaim;
        this.deploymentTenant = deploymentTenant;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String methodArn = String.valueOf(event.get("methodArn"));
        Map<?, ?> query = event.get("queryStringParameters") instanceof Map<?, ?> q ? q : Map.of();
        return admitted(query).filter(a -> deploymentTenant.map(a.tenant()::equals).orElse(true))
                .map(a -> policy(a.principal(), "Allow", methodArn, a.context()))
                .orElseGet(() -> policy("anonymous", "Deny", methodArn, Map.of()));
    }

    /**
     * Whom the credentials admit; empty for anything that does not verify. Never throws: a throwing
     * authorizer makes API Gateway answer 500 to anyone who can send a query string.
     */
    private Optional<Admitted> admitted(Map<?, ?> query) {
        try {
            return query.get(TOKEN) instanceof String jwt ? byJwt(jwt)
                    : query.get(STREAM_TOKEN) instanceof String streamToken ? byStreamToken(streamToken)
                    : Optional.empty();
        } catch (RuntimeException failure) {
            // a failure of ours (e.g. the stream token key could not be read), not a refusal: say so loudly
            LOG.error("WebSocket connect denied: its credentials could not be checked", failure); // never the token
            return Optional.empty();
        }
    }

    /**
     * Whom a connection is admitted for, until when (its credential's expiry), and the context the routes
     * get: the expiry as epoch seconds, which $connect stores so that the connection ends then.
     */
    private record Admitted(String principal, TenantId tenant, Optional<RunId> onlyRun, Optional<Instant> expiresAt) {
        Map<String, Object> context() {
            Map<String, Object> context = new HashMap<>();
            context.put(LiveRoutesHandler.TENANT, tenant.value());
            onlyRun.ifPresent(run -> context.put(LiveRoutesHandler.ONLY_RUN, run.toString()));
            expiresAt.ifPresent(at -> context.put(LiveRoutesHandler.CREDENTIAL_EXPIRES_AT, Long.toString(at.getEpochSecond())));
            return Map.copyOf(context);
        }
    }

    private Optional<Admitted> byJwt(String jwt) {
        if (jwts.isEmpty()) {
            return Optional.empty();
        }
        try {
            var actor = ActorResolver.forLiveStream(ActorResolver.fromClaims(jwts.get().verify(jwt).getClaims(), tenantClaim), Instant.now());
            return Optional.of(new Admitted(actor.user(), actor.tenant(), Optional.empty(), actor.credentialExpiresAt()));
        } catch (UnauthorizedException refused) {
            LOG.info("WebSocket connect refused: {}", refused.getMessage()); // the reason, never the token
            return Optional.empty();
        } catch (IdentityProviderUnavailableException unavailable) {
            LOG.warn("WebSocket connect refused: the issuer's JWKS could not be read");
            return Optional.empty();
        }
    }

    private Optional<Admitted> byStreamToken(String token) {
        Optional<RunId> run = tokens.namedRun(token);
        if (run.isPresent() && tokens.check(token, run.get()) instanceof StreamTokenCheck.Valid valid) {
            return Optional.of(new Admitted(valid.tenant().value(), valid.tenant(), run, Optional.of(valid.expiresAt())));
        }
        return Optional.empty();
    }

    private static Map<String, Object> policy(String principal, String effect, String methodArn, Map<String, Object> context) {
        return Map.of("principalId", principal,
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Action", "execute-api:Invoke", "Effect", effect, "Resource", methodArn))),
                "context", context);
    }
}
