package com.aitesting.core.notification;

import java.util.Locale;

/** The run transitions a notification is sent for: one message each per run. */
public enum Transition {
    STARTED, COMPLETED, FAILED, ABORTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
