package com.aitesting.core.run;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Why a run failed, as the tenant sees it (run.failed, the run's failure_reason, Slack): a stable {@code code}
 * for programs and a sentence for people. What went wrong inside (an exception's class, an internal message) is
 * never part of it; that goes to the log, where the {@code reference} in the event finds it.
 */
public enum RunFailure {
    NOT_LAUNCHED("not_launched", "The workflow engine did not accept the run, so it was not started."),
    STEP_TIMED_OUT("step_timed_out", "A step did not finish within its time limit."),
    STEP_HEARTBEAT_LOST("step_heartbeat_lost", "A step stopped reporting that it was alive."),
    INTERNAL_ERROR("internal_error", "A step failed because of an internal error."),
    MODE_UNAVAILABLE("mode_unavailable", "The run was started to test for real, but the deployment simulates runs now "
            + "(SIMULATE_PROGRESS=true), so its remaining steps were not run. Start it again where runs are real."),
    // The run's execution ended without the run's own end task (EndRunWithExecution): it failed past the state
    // machine's catch, reached the execution's time limit, or was stopped outside ai-testing.
    EXECUTION_FAILED("execution_failed", "The run's workflow execution failed before the run could finish."),
    EXECUTION_TIMED_OUT("execution_timed_out", "The run's workflow execution reached its time limit before the run finished."),
    EXECUTION_STOPPED("execution_stopped", "The run's workflow execution was stopped outside ai-testing before the run finished.");

    private final String code;
    private final String sentence;

    RunFailure(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }

    /**
     * The correlation id between a run.failed event and the log line with the failure's details: the same for
     * the same {@code seed}, so a retried or redelivered task logs and records the same one.
     */
    public static String referenceFor(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
    }

    /** The failure_reason recorded on the run: the sentence, and the reference operators look up, if any. */
    public String reason(String reference) {
        return reference == null ? sentence : sentence + " Reference: " + reference + ".";
    }

    /** run.failed's payload: {@code {"code", "reason"[, "reference"]}}. */
    public Map<String, Object> payload(String reference) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code);
        payload.put("reason", reason(reference));
        if (reference != null) {
            payload.put("reference", reference);
        }
        return payload;
    }
}
