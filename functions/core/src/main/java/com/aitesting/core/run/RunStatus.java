package com.aitesting.core.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** queued -> running -> (pausing -> paused -> running)* -> completed | failed | aborted. */
public enum RunStatus {
    QUEUED, RUNNING, PAUSING, PAUSED, COMPLETED, FAILED, ABORTED;

    public static final Set<RunStatus> TERMINAL = EnumSet.of(COMPLETED, FAILED, ABORTED);
    public static final Set<RunStatus> ACTIVE = EnumSet.complementOf(EnumSet.copyOf(TERMINAL));

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
