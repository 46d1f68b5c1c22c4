package com.aitesting.api.auth;

/** A dev-auth request addressed by a name a web page could rebind to this server (see {@link DevHostFilter}). */
public final class HostNotAllowedException extends RuntimeException {
    public HostNotAllowedException(String detail) {
        super(detail, null, false, false);
    }
}
