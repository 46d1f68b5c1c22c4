package com.aitesting.api.problem;

/** The CORS filter refused a cross-origin request (an origin, method or header not configured). */
final class CorsRefusedException extends RuntimeException {
    CorsRefusedException() {
        super("cross-origin request refused", null, false, false);
    }
}
