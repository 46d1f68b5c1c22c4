package com.aitesting.api.auth;

/** The issuer's JWKS could not be fetched, so no token can be verified right now (a 503, not a 401). */
public final class IdentityProviderUnavailableException extends RuntimeException {
    public IdentityProviderUnavailableException(Throwable cause) {
        super("The issuer's JWKS could not be fetched", cause);
    }
}
