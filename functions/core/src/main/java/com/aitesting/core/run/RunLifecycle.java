package com.aitesting.core.run;

import static com.aitesting.core.run.RunStatus.ABORTED;
import static com.aitesting.core.run.RunStatus.COMPLETED;
import static com.aitesting.core.run.RunStatus.FAILED;
import static com.aitesting.core.run.RunStatus.PAUSED;
import static com.aitesting.core.run.RunStatus.PAUSING;
import static com.aitesting.core.run.RunStatus.QUEUED;
import static com.aitesting.core.run.RunStatus.RUNNING;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The run lifecycle in one place: the statuses, the transitions between them and who makes each, the event
 * each transition writes and its idempotency key, which statuses and events end a run, what the workflow
 * does at a step boundary and when it parks, and which events a run still admits. Use cases ask this class;
 * stores only apply what it says (a conditional transition, a guarded append) and never restate a rule.
 *
 * <pre>
 *   (created) ---------------------------------> queued            run.queued
 *   BEGIN     queued                          -> running           run.started        workflow, first task
 *   PAUSE     running                         -> pausing           run.pause_requested operator
 *   PARK      pausing                         -> paused            run.paused         workflow, at the next step boundary
 *   RESUME    pausing | paused                -> running           run.resumed        operator; wakes a parked workflow
 *   ABORT     queued | running | pausing | paused -> aborted       run.aborted        operator; ends the workflow
 *   COMPLETE  running | pausing               -> completed         run.completed      workflow, after the last step
 *   FAIL      queued | running | pausing | paused -> failed        run.failed         workflow's catch-all, or the
 *                                                                                     execution ended without the run
 *                                                                                     (EndRunWithExecution)
 *   NOT_LAUNCHED queued                       -> failed            run.failed         the engine refused the start
 * </pre>
 *
 * <p>Completed, failed and aborted are final: no transition leaves them. An operator's control that finds the
 * run already where it leads is accepted without a second event ({@link #control}): a pause on pausing or
 * paused, an abort on aborted, a resume on a running run whose latest control was a resume. Any other control
 * that does not apply is refused (409 with the current status).
 *
 * <p>What happens when a run is aborted while paused: ABORT applies to paused, so the run becomes aborted and
 * run.aborted is its last event; the parked execution's task token is failed with {@code Run.Aborted}
 * (its {@link Effect#END_WORKFLOW}), which the state machine catches as an abort and ends. While it was
 * pausing instead (the workflow not parked yet), ABORT applies too; the workflow's park task then finds the run
 * ended ({@link #atPark}) and fails its own token. Either way nothing but audit events follows run.aborted.
 *
 * <p>Every control and every workflow transition takes the run row's lock, reads the status, asks this class
 * and writes, in one transaction: concurrent callers see each other's whole decision, never half of it.
 */
public final class RunLifecycle {
    /** A created run's status, with {@link #CREATED_EVENT} as its first event. */
    public static final RunStatus INITIAL = QUEUED;
    public static final String CREATED_EVENT = RunEventType.RUN_QUEUED;
    /** Final statuses: no transition leaves them, and each is reached with exactly one {@link #END_EVENTS} event. */
    public static final Set<RunStatus> ENDED = Collections.unmodifiableSet(EnumSet.of(COMPLETED, FAILED, ABORTED));
    public static final Set<RunStatus> ACTIVE = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(COMPLETED, FAILED, ABORTED)));
    /** The events that end a run; each is written once per run, by the transition into its final status. */
    public static final Set<String> END_EVENTS = Set.of(RunEventType.RUN_COMPLETED, RunEventType.RUN_FAILED, RunEventType.RUN_ABORTED);

    /** What a transition asks of the workflow execution, besides the status change and its event. */
    public enum Effect {
        /** Nothing: the workflow made the transition itself, or reacts at its next step boundary (pause). */
        NONE,
        /** A parked execution is woken (its task token answered); one not parked yet finds the run running. */
        WAKE_WORKFLOW,
        /** A parked execution's token is failed with Run.Aborted, otherwise the execution is stopped. */
        END_WORKFLOW
    }

    /** Every transition: where it may start, where it leads, the event it writes, and its workflow effect. */
    public enum Transition {
        BEGIN(EnumSet.of(QUEUED), RUNNING, RunEventType.RUN_STARTED, Effect.NONE),
        PAUSE(EnumSet.of(RUNNING), PAUSING, RunEventType.RUN_PAUSE_REQUESTED, Effect.NONE),
        PARK(EnumSet.of(PAUSING), PAUSED, RunEventType.RUN_PAUSED, Effect.NONE),
        RESUME(EnumSet.of(PAUSING, PAUSED), RUNNING, RunEventType.RUN_RESUMED, Effect.WAKE_WORKFLOW),
        ABORT(EnumSet.of(QUEUED, RUNNING, PAUSING, PAUSED), ABORTED, RunEventType.RUN_ABORTED, Effect.END_WORKFLOW),
        COMPLETE(EnumSet.of(RUNNING, PAUSING), COMPLETED, RunEventType.RUN_COMPLETED, Effect.NONE),
        FAIL(EnumSet.of(QUEUED, RUNNING, PAUSING, PAUSED), FAILED, RunEventType.RUN_FAILED, Effect.NONE),
        NOT_LAUNCHED(EnumSet.of(QUEUED), FAILED, RunEventType.RUN_FAILED, Effect.NONE);

        private final Set<RunStatus> from;
        private final RunStatus to;
        private final String event;
        private final Effect effect;

        Transition(Set<RunStatus> from, RunStatus to, String event, Effect effect) {
            this.from = Collections.unmodifiableSet(from);
            this.to = to;
            this.event = event;
            this.effect = effect;
        }

        public Set<RunStatus> from() {
            return from;
        }

        public RunStatus to() {
            return to;
        }

        public String event() {
            return event;
        }

        public Effect effect() {
            return effect;
        }

        public boolean appliesTo(RunStatus status) {
            return from.contains(status);
        }

        /**
         * The idempotency key of this transition's event. An event written once per run (begin and the end)
         * uses its type, so a redelivered task writes nothing. Pause, park and resume may happen many times;
         * only the caller that made the transition under the run's lock writes the event, so the key only has
         * to be unique: the seq the event is about to get, read from the run locked by that caller.
         */
        public String key(Run lockedRun) {
            return onePerRun() ? event : event + ":" + (lockedRun.lastEventSeq() + 1);
        }

        private boolean onePerRun() {
            return this == BEGIN || ENDED.contains(to);
        }
    }

    /** What a control (or a redelivered workflow task) does on the run as it is now. */
    public enum Verdict {
        /** The transition applies: make it and write its event. */
        MOVE,
        /** The run already is where the transition leads: accepted, nothing written. */
        ALREADY_THERE,
        /** The transition does not apply to the current status (409 for an operator). */
        REFUSED
    }

    /**
     * An operator's control on a run read under its lock. {@code resumedLast}: the run's latest control
     * event is run.resumed, which is the only way a running run is "already resumed"; a run that never paused
     * has nothing to resume.
     */
    public static Verdict control(Transition control, RunStatus status, boolean resumedLast) {
        if (control.appliesTo(status)) {
            return Verdict.MOVE;
        }
        boolean alreadyThere = switch (control) {
            case PAUSE -> status == PAUSING || status == PAUSED;
            case RESUME -> status == RUNNING && resumedLast;
            case ABORT -> status == ABORTED;
            default -> throw new IllegalArgumentException(control + " is not an operator's control");
        };
        return alreadyThere ? Verdict.ALREADY_THERE : Verdict.REFUSED;
    }

    /** The control check before each step (the state machine's Checkpoint). */
    public enum AtStepBoundary {
        CONTINUE, PAUSE, ABORT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Before each step: running continues; pausing or paused parks (a pause takes effect here); a run that
     * ended stops (nothing may run after its end event, whichever it was); queued is a bug (BEGIN comes first).
     */
    public static AtStepBoundary atStepBoundary(RunStatus status) {
        return switch (status) {
            case RUNNING -> AtStepBoundary.CONTINUE;
            case PAUSING, PAUSED -> AtStepBoundary.PAUSE;
            case COMPLETED, FAILED, ABORTED -> AtStepBoundary.ABORT;
            case QUEUED -> throw new IllegalStateException("a run reached a step boundary while queued");
        };
    }

    /** What the park task does with its task token, decided on the run read under its lock. */
    public enum AtPark {
        /** Pausing (PARK follows) or paused already (a redelivery): store the token and wait for a resume. */
        WAIT,
        /** Running: a resume came first; answer the token at once, so the wake-up is not lost. */
        WAKE_NOW,
        /** Ended (aborted first): fail the token with Run.Aborted, so the execution ends. */
        END_NOW
    }

    public static AtPark atPark(RunStatus status) {
        return switch (status) {
            case PAUSING, PAUSED -> AtPark.WAIT;
            case RUNNING -> AtPark.WAKE_NOW;
            case COMPLETED, FAILED, ABORTED -> AtPark.END_NOW;
            case QUEUED -> throw new IllegalStateException("a run was parked while queued");
        };
    }

    public static boolean isEnded(RunStatus status) {
        return ENDED.contains(status);
    }

    /** The first move to running sets started_at. */
    public static boolean starts(RunStatus to) {
        return to == RUNNING;
    }

    public static boolean isEndEvent(String type) {
        return END_EVENTS.contains(type);
    }

    /**
     * Audit events record what happened around a run rather than the run itself (a Slack delivery that gave
     * up). They may follow the end event; the live stream still ends at the end event.
     */
    public static boolean isAudit(String type) {
        return type.startsWith("notification.");
    }

    /**
     * The guard of an append of {@code type}, for a store to apply under the run's lock. Every append needs an
     * unused idempotency key. An audit event needs nothing else. Any other event is refused once the run has
     * its end event (an end event's key is its type, {@link Transition#key}, so the store looks up those keys).
     * An ordinary event is also refused while the status is final: the transition to it and its end event are
     * written in one transaction, so a step event racing an abort sees either neither or both.
     */
    public static AppendGuard guard(String type) {
        if (isAudit(type)) {
            return AppendGuard.KEY_ONLY;
        }
        return isEndEvent(type) ? AppendGuard.END_EVENT : AppendGuard.ORDINARY;
    }

    /** The keys of the per-step events: {@code <type>:<step_index>}, progress {@code step.progress:<step_index>:<n>}. */
    public static String stepKey(String type, int stepIndex) {
        return type + ":" + stepIndex;
    }

    public static String progressKey(int stepIndex, int n) {
        return RunEventType.STEP_PROGRESS + ":" + stepIndex + ":" + n;
    }

    private RunLifecycle() {}
}
