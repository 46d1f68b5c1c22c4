package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.AuthMode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;

/** Chooses where JWT claims come from at start, so jwt mode without its settings never starts. */
@Factory
public class JwtWiring {

    @Context
    public VerifiedClaims verifiedClaims(ApiConfig config,
                                         @Property(name = "ait.jwt.verified-by") @Nullable String verifiedBy,
                                         @Property(name = "ait.jwt.issuer") @Nullable String issuer,
                                         @Property(name = "ait.jwt.audience") @Nullable String audience,
                                         @Property(name = "ait.jwt.jwks-url") @Nullable String jwksUrl,
                                         @Property(name = "ait.jwt.algorithms") @Nullable String algorithms) {
        if (config.authMode() != AuthMode.JWT) {
            return request -> {
                throw new IllegalStateException("JWT claims asked for in AUTH_MODE=" + config.authMode());
            };
        }
        return of(JwtSettings.parse(verifiedBy, issuer, audience, jwksUrl, algorithms));
    }

    public static VerifiedClaims of(JwtSettings settings) {
        return settings.source() == JwtSettings.Source.API_GATEWAY ? new GatewayClaims()
                : new BearerTokenClaims(new JwtVerifier(settings));
    }
}
