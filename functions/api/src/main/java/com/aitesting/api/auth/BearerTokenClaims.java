package com.aitesting.api.auth;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import java.util.Map;

/** The claims of the {@code Authorization: Bearer} token, once {@link JwtVerifier} has verified it. */
final class BearerTokenClaims implements VerifiedClaims {
    private final JwtVerifier verifier;

    BearerTokenClaims(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Map<String, Object> of(HttpRequest<?> request) {
        String authorization = ActorResolver.single(request, HttpHeaders.AUTHORIZATION, ActorResolver::bearer);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ActorResolver.bearer("A bearer token is required.");
        }
        return verifier.verify(authorization.substring(7).trim()).getClaims();
    }
}
