package com.aitesting.executors.net;

import java.util.Locale;

/** What one TCP connect probe saw. */
public enum PortState {
    /** The handshake completed: something listens. */
    OPEN,
    /** Refused (RST): nothing listens, but the host is alive. */
    CLOSED,
    /** No answer within the timeout: filtered, or the host is down. */
    TIMEOUT,
    /** The network said the host cannot be reached (ICMP unreachable, no route). */
    UNREACHABLE,
    /** The guard refused to connect (scope or platform deny list). */
    BLOCKED,
    /** The step was stopped before or during the probe. */
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An answer of any kind proves the host is up. */
    public boolean provesLive() {
        return this == OPEN || this == CLOSED;
    }
}
