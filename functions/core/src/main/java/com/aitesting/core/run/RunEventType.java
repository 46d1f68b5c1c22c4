package com.aitesting.core.run;

import java.util.Set;

/** The event types of run_events, as they appear on the wire (SSE {@code event:} and the API). */
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

    private static final Set<String> TERMINAL = Set.of(RUN_COMPLETED, RUN_FAILED, RUN_ABORTED);

    public static boolean isTerminal(String type) {
        return TERMINAL.contains(type);
    }

    /**
     * Audit events record what happened around a run rather than the run itself (a Slack delivery that gave
     * up). They may follow the terminal event; the live stream still ends at the terminal event.
     */
    public static boolean isAudit(String type) {
        return type.startsWith("notification.");
    }

    private RunEventType() {}
}
