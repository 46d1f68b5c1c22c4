package com.aitesting.api.auth;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.config.ApiProperties;
import com.aitesting.api.config.AuthMode;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;

/** Chooses where JWT claims come from at start, so jwt mode without its settings never starts. */
@Factory
public class JwtWiring {

    @Context
    public VerifiedClaims verifiedClaims(ApiConfig config, ApiProperties settings) {
        if (config.authMode() != AuthMode.JWT) {
            return request -> {
                throw new IllegalStateException("JWT claims asked for in AUTH_MODE=" + config.authMode());
            };
        }
        ApiProperties.Jwt jwt = settings.getJwt();
        return of(JwtSettings.parse(jwt.getVerifiedBy(), jwt.getIssuer(), jwt.getAudience(), jwt.getJwksUrl(), jwt.getAlgorithms()));
    }

    public static VerifiedClaims of(JwtSettings settings) {
        return settings.source() == JwtSettings.Source.API_GATEWAY ? new GatewayClaims()
                : new BearerTokenClaims(new JwtVerifier(settings));
    }
}
