package com.aitesting.api.config;

/** How a request proves who it is. */
public enum AuthMode {
    /** X-Dev-User, X-Dev-Email and X-Tenant-Id headers, trusted as sent: the local default only. */
    DEV,
    /** Claims of a bearer token that API Gateway's JWT authorizer has already verified. */
    JWT
}
