package com.aitesting.core.run;

import java.util.Locale;

/** The statuses of a run; which moves between them are allowed is {@link RunLifecycle}'s. */
public enum RunStatus {
    QUEUED, RUNNING, PAUSING, PAUSED, COMPLETED, FAILED, ABORTED;

    /** Completed, failed or aborted: see {@link RunLifecycle#ENDED}. */
    public boolean isTerminal() {
        return RunLifecycle.isEnded(this);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
