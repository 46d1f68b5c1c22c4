package com.aitesting.api.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URL;
import java.util.List;

/**
 * The issuer's keys, from its JWKS fetched over HTTP, cached, and fetched again for a key that is not in
 * it (the library's cache, retry and refetch rate limit). A refetch that the rate limit refuses means the
 * JWKS was read moments ago and did not hold that key: no such key, so the token is refused (a 401). Only
 * a JWKS that cannot be read at all is a {@link KeySourceException} (the issuer is unavailable, a 503);
 * otherwise anyone could turn a random {@code kid} into 503s and "JWKS unavailable" warnings.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {
    private static final int TIMEOUT_MS = 3_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final JWKSetSource<SecurityContext> jwks;

    private IssuerKeys(JWKSetSource<SecurityContext> jwks) {
        this.jwks = jwks;
    }

    static IssuerKeys at(URL jwksUrl) {
        JWKSource<SecurityContext> built = JWKSourceBuilder.<SecurityContext>create(jwksUrl,
                        new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, JWKS_SIZE_LIMIT))
                .retrying(true)
                .build();
        // without a failover source the builder's answer is its cached, rate-limited JWK set source
        if (!(built instanceof JWKSetBasedJWKSource<SecurityContext> jwkSetBased)) {
            throw new IllegalStateException("nimbus-jose-jwt built a " + built.getClass().getName() + ", not a JWKSetBasedJWKSource");
        }
        return new IssuerKeys(jwkSetBased.getJWKSetSource());
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = System.currentTimeMillis();
        JWKSet known = jwks.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> keys = selector.select(known);
        if (!keys.isEmpty()) {
            return keys;
        }
        try {
            return selector.select(jwks.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(known), now, context));
        } catch (RateLimitReachedException refetchedMomentsAgo) {
            return List.of();
        }
    }
}
