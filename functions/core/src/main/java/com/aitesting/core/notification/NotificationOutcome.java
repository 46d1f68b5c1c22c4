package com.aitesting.core.notification;

/**
 * What became of one status-change event. {@code transition} is null when none was decided;
 * {@code report} is null when nothing was posted; {@code failureRecorded} tells whether a
 * notification.failed run event was written for a delivery that gave up.
 */
public record NotificationOutcome(Kind kind, Transition transition, DeliveryReport report, boolean failureRecorded) {

    public enum Kind {
        /** Slack accepted the message. */
        SENT,
        /** Slack did not accept it within the retry policy; recorded as failed. */
        GAVE_UP,
        /** Neither the tenant nor the deployment has a webhook: nothing to do. */
        NO_WEBHOOK,
        /** This event (or this run's transition) was already claimed: another delivery owns it. */
        DUPLICATE,
        /** A status that announces nothing (redrive), or a finished execution with no run outcome to report. */
        IGNORED,
        /** The run is not visible to the event's tenant (unknown id or another tenant's run). */
        UNKNOWN_RUN
    }

    static NotificationOutcome skipped(Kind kind, Transition transition) {
        return new NotificationOutcome(kind, transition, null, false);
    }
}
