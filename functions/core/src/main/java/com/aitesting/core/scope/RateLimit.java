package com.aitesting.core.scope;

import com.aitesting.core.error.InvalidInputException;

/**
 * {@code scope.rate_limit}: how many probes per second a real run of the engagement may send (each TCP connect,
 * TLS handshake, HTTP request or DNS query counts as one). The default is deliberately gentle, so that a scan
 * nobody tuned does not trip an IDS or load a fragile device; the ceiling stops a typo from flooding a network.
 */
public final class RateLimit {
    public static final int DEFAULT = 100;
    public static final int MIN = 1;
    public static final int MAX = 10_000;

    /** The declared limit, or {@link #DEFAULT} when none is declared; out of bounds is a 422 on rate_limit. */
    public static int check(Integer perSecond) {
        if (perSecond == null) {
            return DEFAULT;
        }
        if (perSecond < MIN || perSecond > MAX) {
            throw InvalidInputException.unprocessable("rate_limit",
                    "must be " + MIN + "-" + MAX + " probes per second (default " + DEFAULT + ")");
        }
        return perSecond;
    }

    private RateLimit() {}
}
