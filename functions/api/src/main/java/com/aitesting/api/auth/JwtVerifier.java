package com.aitesting.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.util.DateUtils;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies a bearer JWT (nimbus-jose-jwt) for {@link JwtSettings.Source#BEARER_TOKEN}: a signature by a key
 * of the issuer's JWKS with one of the configured asymmetric algorithms (so {@code alg: none} and HMAC
 * tokens never pass, whatever key they claim) named by the header's {@code kid}, {@code iss} equal to the
 * issuer, an accepted {@code aud}, {@code exp} in the future, {@code nbf} and {@code iat} not (60 s clock
 * skew), and a {@code sub}: what API Gateway's JWT authorizer checks, which the WebSocket's mirrors. The
 * JWKS is fetched on first use and cached; an unknown {@code kid} refetches it (rate-limited by the
 * library), so the issuer's key rotation needs no restart, and a key that is not there after that is a
 * refusal ({@link IssuerKeys}).
 */
public final class JwtVerifier {
    private final ConfigurableJWTProcessor<SecurityContext> processor;

    public JwtVerifier(JwtSettings settings) {
        this(settings, remote(settings));
    }

    /** With an explicit key source (unit tests use an in-memory JWK set). */
    public JwtVerifier(JwtSettings settings, JWKSource<SecurityContext> keys) {
        if (settings.source() != JwtSettings.Source.BEARER_TOKEN) {
            throw new IllegalArgumentException("tokens are verified by API Gateway in this configuration");
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
        p.setJWTClaimsSetVerifier(new ClaimsVerifier(settings));
        this.processor = p;
    }

    /**
     * Issuer, audience, {@code sub}, {@code exp} and {@code nbf} (the library's checks), and, as API
     * Gateway's JWT authorizer does, an {@code iat} that is not in the future, with the same clock skew.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        ClaimsVerifier(JwtSettings settings) {
            super(new HashSet<>(settings.audiences()), new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                    Set.of("sub", "exp"), Set.of());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Date issuedAt = claims.getIssueTime();
            if (issuedAt != null && !DateUtils.isBefore(issuedAt, currentTime(), getMaxClockSkew())) {
                throw new BadJWTException("JWT issued in the future");
            }
        }
    }

    private static JWKSource<SecurityContext> remote(JwtSettings settings) {
        try {
            return IssuerKeys.at(settings.jwksUrl().toURL());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("JWT_JWKS_URL is not a URL", e);
        }
    }

    /** The verified claims; {@link UnauthorizedException} (a 401) for any token that does not verify. */
    public JWTClaimsSet verify(String token) {
        try {
            JWT jwt = JWTParser.parse(token);
            // as API Gateway's JWT authorizer: a signed token names the key of the JWKS that signed it
            if (jwt.getHeader() instanceof JWSHeader header && header.getKeyID() == null) {
                throw ActorResolver.bearer("The bearer token names no signing key (kid).");
            }
            return processor.process(jwt, null);
        } catch (ParseException e) {
            throw ActorResolver.bearer("The bearer token is not a JWT.");
        } catch (BadJWTException e) {
            // claims: expired, not yet valid, issued in the future, wrong issuer or audience, missing sub or exp
            throw ActorResolver.bearer("The bearer token's claims are not accepted (issuer, audience, times or subject).");
        } catch (BadJOSEException e) {
            // unsigned, an algorithm the issuer does not use, no matching key, or a bad signature
            throw ActorResolver.bearer("The bearer token's signature is not valid.");
        } catch (KeySourceException e) {
            throw new IdentityProviderUnavailableException(e);
        } catch (JOSEException e) {
            throw ActorResolver.bearer("The bearer token's signature is not valid.");
        }
    }
}
