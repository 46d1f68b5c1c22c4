package com.aitesting.api.config;

/** How a request proves who it is. */
public enum AuthMode {
    /** X-Dev-User, X-Dev-Email and X-Tenant-Id headers, trusted as sent: the local default only. */
    DEV,
    /**
     * A verified bearer JWT: on the API Lambda the claims API Gateway's authorizer verified, anywhere else a
     * token the app verifies against the issuer's JWKS (com.aitesting.api.auth.JwtSettings).
     */
    JWT,
    /**
     * The SSE function behind a public function URL (no authorizer in front): it serves ONLY
     * {@code GET /v2/runs/{id}/events} with a valid {@code ?stream_token=}; every other request is refused,
     * and neither dev headers nor bearer tokens are looked at (nothing here could verify a JWT's signature).
     */
    STREAM_TOKEN
}
