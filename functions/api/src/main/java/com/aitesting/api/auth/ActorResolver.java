package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.tenant.TenantId;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a request's credentials into the {@link Actor} the use cases act for, per {@link AuthMode}.
 *
 * <p>DEV: the X-Dev-* headers are trusted as sent. It exists for the embedded default on one machine
 * and must never be the mode of a deployment reachable by others.
 *
 * <p>JWT: trust boundary. The token's signature, issuer, audience and expiry are verified by API
 * Gateway's JWT authorizer BEFORE the request reaches this code; this class only decodes the payload
 * of the already-verified token to read {@code sub}, {@code email} and the tenant claim. It therefore
 * must only be reachable behind such an authorizer (any other entry point, e.g. a function URL, has to
 * verify the signature itself). Dev headers are ignored in this mode, so they cannot be used to
 * impersonate a tenant. Expiry is re-checked as a cheap defence in depth.
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
    private final ObjectMapper json;
    private final DeploymentTenant deploymentTenant;

    public ActorResolver(ApiConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
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
        String user = request.getHeaders().get(USER_HEADER);
        String email = request.getHeaders().get(EMAIL_HEADER);
        String tenant = request.getHeaders().get(TENANT_HEADER);
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
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw bearer("A bearer token is required.");
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            throw bearer("The bearer token is not a JWT.");
        }
        Map<String, Object> claims;
        try {
            claims = json.readValue(Base64.getUrlDecoder().decode(parts[1]), new TypeReference<>() {});
        } catch (Exception e) {
            throw bearer("The bearer token's payload is not readable.");
        }
        if (claims.get("exp") instanceof Number exp && Instant.ofEpochSecond(exp.longValue()).isBefore(Instant.now())) {
            throw bearer("The bearer token has expired.");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isBlank()) {
            throw bearer("The bearer token has no subject.");
        }
        if (!(claims.get(config.jwtTenantClaim()) instanceof String tenant)) {
            throw bearer("The bearer token has no " + config.jwtTenantClaim() + " claim.");
        }
        String email = claims.get("email") instanceof String e ? e : null;
        return new Actor(sub, email, tenant(tenant, "The " + config.jwtTenantClaim() + " claim"));
    }

    private TenantId tenant(String value, String source) {
        try {
            return new TenantId(value);
        } catch (InvalidInputException e) {
            String message = source + " must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.";
            throw config.authMode() == AuthMode.JWT ? bearer(message) : dev(message);
        }
    }

    private static UnauthorizedException dev(String detail) {
        return new UnauthorizedException(detail, DEV_CHALLENGE);
    }

    private static UnauthorizedException bearer(String detail) {
        return new UnauthorizedException(detail, BEARER_CHALLENGE + ", error=\"invalid_token\"");
    }
}
