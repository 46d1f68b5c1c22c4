package com.aitesting.core.run;

/**
 * A step of a run queued as REAL reached a worker that only simulates (SIMULATE_PROGRESS=true now, not when the
 * run was queued). Simulating it would put invented results into a run its user asked to test for real, so the
 * run fails instead ({@link RunFailure#MODE_UNAVAILABLE}). The opposite case needs no exception: a run queued
 * as SIMULATED was never checked for what a real run needs, so every worker simulates it.
 */
public final class RunModeUnavailableException extends RuntimeException {
    public RunModeUnavailableException(RunId run) {
        super("run " + run + " was queued to run for real, but this worker only simulates (SIMULATE_PROGRESS=true)");
    }
}
