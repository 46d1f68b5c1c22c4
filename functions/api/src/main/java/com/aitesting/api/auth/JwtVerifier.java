package com.aitesting.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies a bearer JWT (nimbus-jose-jwt) for {@link JwtSettings.Source#BEARER_TOKEN}: a signature by a key
 * of the issuer's JWKS with one of the configured asymmetric algorithms (so {@code alg: none} and HMAC
 * tokens never pass, whatever key they claim), {@code iss} equal to the issuer, an accepted {@code aud},
 * {@code exp} in the future and {@code nbf} in the past (60 s clock skew), and a {@code sub}. The JWKS is
 * fetched on first use and cached; an unknown {@code kid} refetches it (rate-limited by the library), so
 * the issuer's key rotation needs no restart, and a key that is not there after that is a refusal
 * ({@link IssuerKeys}).
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
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new HashSet<>(settings.audiences()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"), Set.of()));
        this.processor = p;
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
            return processor.process(token, null);
        } catch (ParseException e) {
            throw ActorResolver.bearer("The bearer token is not a JWT.");
        } catch (BadJWTException e) {
            // claims: expired, not yet valid, wrong issuer or audience, missing sub or exp
            throw ActorResolver.bearer("The bearer token's claims are not accepted (issuer, audience, expiry or subject).");
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
