package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.stream.CredentialExpiry;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a request's credentials into the {@link Actor} the use cases act for, per {@link AuthMode}.
 *
 * <p>DEV: the X-Dev-* headers are trusted as sent. It exists for the embedded default on one machine
 * and must never be the mode of a deployment reachable by others.
 *
 * <p>JWT: {@code sub}, {@code email} and the tenant claim of a VERIFIED token ({@link VerifiedClaims}):
 * on the API Lambda the claims API Gateway's authorizer checked, anywhere else a bearer token this app
 * verified against the issuer's JWKS. A token's payload is never read unverified. Dev headers are ignored
 * in this mode, so they cannot be used to impersonate a tenant.
 *
 * <p>STREAM_TOKEN: no actor at all (see {@link AuthMode#STREAM_TOKEN}).
 *
 * <p>With DEPLOYMENT_TENANT_ID set, an actor of any other tenant is refused (401), whatever the mode.
 */
@Singleton
public final class ActorResolver {
    public static final String USER_HEADER = "X-Dev-User";
    public static final String EMAIL_HEADER = "X-Dev-Email";
    public static final String TENANT_HEADER = "X-Tenant-Id";

    static final String DEV_CHALLENGE = "DevHeaders realm=\"ai-testing\", headers=\"X-Dev-User X-Dev-Email X-Tenant-Id\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"ai-testing\"";
    public static final String STREAM_TOKEN_CHALLENGE = "StreamToken realm=\"ai-testing\", error=\"invalid_token\"";

    private static final Pattern USER = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}[A-Za-z0-9])?)+");

    private final ApiConfig config;
    private final VerifiedClaims verifiedClaims;
    private final DeploymentTenant deploymentTenant;

    public ActorResolver(ApiConfig config, VerifiedClaims verifiedClaims) {
        this.config = config;
        this.verifiedClaims = verifiedClaims;
        this.deploymentTenant = new DeploymentTenant(config);
    }

    public Actor resolve(HttpRequest<?> request) {
        Actor actor = switch (config.authMode()) {
            case JWT -> fromJwt(request);
            case DEV -> fromDevHeaders(request);
            // The public SSE function: only a stream token opens anything, and it names no actor.
            case STREAM_TOKEN -> throw new UnauthorizedException("Only GET /v2/runs/{run_id}/events with a valid stream_token is served here.",
                    STREAM_TOKEN_CHALLENGE);
        };
        deploymentTenant.admit(actor.tenant(), config.authMode() == AuthMode.JWT ? bearer("The token is for another tenant.")
                : dev("This deployment serves another tenant."));
        return actor;
    }

    private Actor fromDevHeaders(HttpRequest<?> request) {
        String user = single(request, USER_HEADER, ActorResolver::dev);
        String email = single(request, EMAIL_HEADER, ActorResolver::dev);
        String tenant = single(request, TENANT_HEADER, ActorResolver::dev);
        if (user == null || email == null || tenant == null) {
            throw dev("The headers X-Dev-User, X-Dev-Email and X-Tenant-Id are required.");
        }
        if (!USER.matcher(user).matches()) {
            throw dev("X-Dev-User must be 1-128 letters, digits or . _ @ + -.");
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw dev("X-Dev-Email must be an email address.");
        }
        return new Actor(user, email.toLowerCase(java.util.Locale.ROOT), tenant(tenant, "X-Tenant-Id"));
    }

    private Actor fromJwt(HttpRequest<?> request) {
        return fromClaims(verifiedClaims.of(request), config.jwtTenantClaim());
    }

    /**
     * The actor of a verified token's claims: {@code sub}, {@code email} and {@code tenantClaim}
     * (JWT_TENANT_CLAIM), and {@code exp} as its credential's expiry (a live stream it opens ends then);
     * {@link UnauthorizedException} when one is missing or not a tenant id. The one rule for every JWT
     * consumer (this resolver, the WebSocket authorizer).
     */
    public static Actor fromClaims(Map<String, Object> claims, String tenantClaim) {
        if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
            throw bearer("The bearer token has no subject.");
        }
        if (!(claims.get(tenantClaim) instanceof String tenant)) {
            throw bearer("The bearer token has no " + tenantClaim + " claim.");
        }
        String email = claims.get("email") instanceof String e ? e : null;
        try {
            return new Actor(sub, email, new TenantId(tenant), expiry(claims.get("exp")));
        } catch (InvalidInputException e) {
            throw bearer("The " + tenantClaim + " claim must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        }
    }

    /**
     * {@code actor}, if its credential may open a live stream (SSE, a WebSocket connection) now: not past its
     * expiry. Other requests accept a JWT up to the verifier's clock skew (60 s) past its {@code exp}, but a
     * stream it opened would end at once (at {@code exp}), and a client reconnecting with it would loop; a
     * 401 tells it to renew instead. The one rule for the embedded server's streams and the WebSocket authorizer.
     */
    public static Actor forLiveStream(Actor actor, Instant now) {
        if (actor.credentialExpiresAt().filter(at -> CredentialExpiry.passed(at, now)).isPresent()) {
            throw bearer("The bearer token has expired (its exp has passed): a live stream needs a current one.");
        }
        return actor;
    }

    /**
     * {@code exp} as the verifiers hand it over: a {@link Date} (nimbus, which checked it), or epoch
     * seconds as a number or a string (API Gateway's authorizer passes every claim as a string). A value
     * that is none of these ends a stream at once rather than never.
     */
    private static Optional<Instant> expiry(Object exp) {
        return switch (exp) {
            case null -> Optional.empty();
            case Date date -> Optional.of(date.toInstant());
            default -> Optional.of(CredentialExpiry.epochSeconds(exp).orElse(Instant.EPOCH));
        };
    }

    /**
     * The one value of a credential header, or null. Sent twice it is refused, not "the first wins": a proxy or
     * log in front may take another of the two, and then they disagree about who is calling.
     */
    static String single(HttpRequest<?> request, String header, Function<String, UnauthorizedException> refusal) {
        List<String> values = request.getHeaders().getAll(header);
        if (values.size() > 1) {
            throw refusal.apply(header + " must be sent once; the request has it " + values.size() + " times.");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    private TenantId tenant(String value, String source) {
        try {
            return new TenantId(value);
        } catch (InvalidInputException e) {
            String message = source + " must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.";
            throw dev(message);
        }
    }

    private static UnauthorizedException dev(String detail) {
        return new UnauthorizedException(detail, DEV_CHALLENGE);
    }

    public static UnauthorizedException bearer(String detail) {
        return new UnauthorizedException(detail, BEARER_CHALLENGE + ", error=\"invalid_token\"");
    }
}
