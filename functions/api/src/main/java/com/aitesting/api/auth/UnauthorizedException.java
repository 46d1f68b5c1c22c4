package com.aitesting.api.auth;

/** The request carries no usable identity (missing or malformed dev headers, or no valid bearer token). */
public final class UnauthorizedException extends RuntimeException {
    private final String challenge;

    public UnauthorizedException(String detail, String challenge) {
        super(detail, null, false, false);
        this.challenge = challenge;
    }

    /** The WWW-Authenticate header value for the 401 response. */
    public String challenge() {
        return challenge;
    }
}
