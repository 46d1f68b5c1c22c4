package com.aitesting.sfnlocal.asl;

/**
 * A failure with an ASL error name, as Retry and Catch see it. {@code States.Runtime} is the one that
 * neither Retry nor Catch may handle: it always fails the execution.
 */
public final class StatesError extends RuntimeException {
    public static final String RUNTIME = "States.Runtime";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";

    private final String error;
    private final String errorCause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    public static StatesError runtime(String cause) {
        return new StatesError(RUNTIME, cause);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return errorCause;
    }

    public boolean isRuntime() {
        return RUNTIME.equals(error);
    }
}
