package com.aitesting.api.auth;

import io.micronaut.http.HttpRequest;
import java.util.Map;

/**
 * The claims of the caller's JWT, verified: by API Gateway's authorizer ({@link GatewayClaims}) or by this
 * app against the issuer's JWKS ({@link BearerTokenClaims}). Throws {@link UnauthorizedException} when
 * the request carries no verified token.
 */
@FunctionalInterface
public interface VerifiedClaims {
    Map<String, Object> of(HttpRequest<?> request);
}
