package com.aitesting.core.workflow;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.notification.ExecutionStatusChange;
import com.aitesting.core.run.RunFailure;
import java.util.Optional;

/**
 * Use case: a run whose workflow execution ended without the run ends with it, as failed, with a stable code
 * for how the execution ended. The run's own tasks end it in every planned path (completed, FailRun, an
 * operator's abort before the execution is stopped), so this only acts when the execution ended around them:
 * it failed past the state machine's catch (FailRun itself out of retries, Step Functions refusing the
 * execution's next history event), it reached its time limit, or someone stopped it outside ai-testing (the
 * AWS console, the API). Without it such a run would stay running or paused for ever: its status would lie,
 * its streams would never end and its controls would act on an execution that is gone.
 *
 * <p>Called with every execution status change, before the run is announced, so the announcement reports the
 * failure the run records. FailRun decides under the run's lock, so a run that already ended is left as it
 * is, and a redelivered status change writes nothing twice. The execution's error and cause stay out of the
 * run (a Lambda's cause carries its exception class and stack trace): they are logged under the reference the
 * run.failed event carries. The run ends when its execution stopped, not when the change arrives (EventBridge
 * may deliver it late), so its duration is the execution's.
 */
public final class EndRunWithExecution {
    private static final System.Logger LOG = System.getLogger(EndRunWithExecution.class.getName());
    private static final int MAX_LOGGED_CAUSE = 2_000;

    public enum Outcome {
        /** The run was active and is failed now. */
        FAILED,
        /** The run had ended already: nothing written. */
        ALREADY_ENDED,
        /** The execution has not ended, or ended as planned (succeeded): nothing to do. */
        NOTHING_TO_END,
        /** The tenant has no such run. */
        UNKNOWN_RUN
    }

    private final FailRun failRun;

    public EndRunWithExecution(FailRun failRun) {
        this.failRun = failRun;
    }

    public Outcome execute(ExecutionStatusChange change) {
        Optional<RunFailure> failure = failureOf(change);
        if (failure.isEmpty()) {
            return Outcome.NOTHING_TO_END;
        }
        String reference = RunFailure.referenceFor(change.executionArn() + "\n" + change.status());
        FailRun.Outcome outcome;
        try {
            outcome = failRun.execute(new FailRun.Command(new RunTask(change.tenant(), change.run()), failure.get(), reference,
                    change.stopDate()));
        } catch (NotFoundException e) {
            return Outcome.UNKNOWN_RUN;
        }
        if (outcome == FailRun.Outcome.ALREADY_ENDED) {
            return Outcome.ALREADY_ENDED;
        }
        LOG.log(System.Logger.Level.WARNING, () -> "Run " + change.run() + " failed with its execution " + change.executionArn() + " ("
                + change.status() + ", reference " + reference + "): " + details(change));
        return Outcome.FAILED;
    }

    /** How an ended execution ends its run; empty for one that has not ended or ended as planned. */
    private static Optional<RunFailure> failureOf(ExecutionStatusChange change) {
        return switch (change.status()) {
            case FAILED -> Optional.of(RunFailure.EXECUTION_FAILED);
            case TIMED_OUT -> Optional.of(RunFailure.EXECUTION_TIMED_OUT);
            case ABORTED -> Optional.of(RunFailure.EXECUTION_STOPPED);
            case RUNNING, SUCCEEDED, PENDING_REDRIVE -> Optional.empty();
        };
    }

    private static String details(ExecutionStatusChange change) {
        String error = change.error() == null || change.error().isBlank() ? "no error recorded" : change.error();
        String cause = change.cause() == null ? "" : change.cause();
        if (cause.length() > MAX_LOGGED_CAUSE) {
            cause = cause.substring(0, MAX_LOGGED_CAUSE - 1) + "…";
        }
        return cause.isBlank() ? error : error + ": " + cause;
    }
}
