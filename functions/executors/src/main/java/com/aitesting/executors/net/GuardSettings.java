package com.aitesting.executors.net;

import com.aitesting.core.scope.Cidr;
import java.util.List;

/**
 * The platform's side of the guard: whether loopback may be probed (SCAN_ALLOW_LOOPBACK, true locally,
 * false on AWS), the probe rate (probes per second for the whole step; 0 = unlimited, benchmark only), and
 * the platform's own network ranges (SCAN_DENY_CIDRS), how many refusals become scope.blocked events per step (every refusal is counted; the events name the
 * first distinct ones, so a refused /16 does not write 65,536 events).
 */
public record GuardSettings(boolean allowLoopback, double probesPerSecond, int refusalEventsPerStep, List<Cidr> ownNetwork) {
    public GuardSettings(boolean allowLoopback, double probesPerSecond, int refusalEventsPerStep) {
        this(allowLoopback, probesPerSecond, refusalEventsPerStep, List.of());
    }

    public GuardSettings {
        ownNetwork = List.copyOf(ownNetwork);
        if (probesPerSecond < 0) {
            throw new IllegalArgumentException("probesPerSecond must be >= 0");
        }
        if (refusalEventsPerStep < 1) {
            throw new IllegalArgumentException("refusalEventsPerStep must be >= 1");
        }
    }
}
