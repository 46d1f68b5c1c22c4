package com.aitesting.core.run;

/**
 * The event types of run_events, as they appear on the wire (SSE {@code event:} and the API). Which
 * transition writes which, which end a run and which are audit events is {@link RunLifecycle}'s.
 */
public final class RunEventType {
    public static final String RUN_QUEUED = "run.queued";
    public static final String RUN_STARTED = "run.started";
    public static final String STEP_STARTED = "step.started";
    public static final String STEP_PROGRESS = "step.progress";
    public static final String STEP_COMPLETED = "step.completed";
    public static final String RUN_PAUSE_REQUESTED = "run.pause_requested";
    public static final String RUN_PAUSED = "run.paused";
    public static final String RUN_RESUMED = "run.resumed";
    public static final String RUN_ABORTED = "run.aborted";
    public static final String RUN_COMPLETED = "run.completed";
    public static final String RUN_FAILED = "run.failed";
    public static final String NOTIFICATION_FAILED = "notification.failed";
    /** A real executor observed something (payload: finding id, severity, rule, title, target). */
    public static final String FINDING_CREATED = "finding.created";
    /** The network guard refused a connection (payload: target, resolved address, rule). */
    public static final String SCOPE_BLOCKED = "scope.blocked";

    private RunEventType() {}
}
