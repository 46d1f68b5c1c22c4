package com.aitesting.core.notification;

import java.util.Locale;

/** The {@code status} of a Step Functions "Execution Status Change" event. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == ABORTED;
    }

    public static ExecutionStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
