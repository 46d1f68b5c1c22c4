package com.aitesting.workflow;

import com.aitesting.core.run.RunFailure;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunModeUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code {"Error", "Cause"}} object a Catch puts into the state. The tenant sees only {@link #failure()}:
 * a stable code and a sentence. The error name (often an exception class) and the cause (a Lambda's JSON with
 * errorMessage and errorType, or plain text) are internals: they go to the log as {@link #details()}, under a
 * {@link #reference} that the run.failed event carries.
 */
public record TaskError(String error, String cause) {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final int MAX_DETAILS = 2_000;

    public static TaskError of(Map<?, ?> caught) {
        Object error = caught.get("Error");
        Object cause = caught.get("Cause");
        return new TaskError(error == null ? "States.Unknown" : error.toString(), cause == null ? "" : cause.toString());
    }

    public RunFailure failure() {
        // a Java task's error name is its exception's class name (errorType), as Lambda reports it
        if (error.equals(RunModeUnavailableException.class.getName())) {
            return RunFailure.MODE_UNAVAILABLE;
        }
        return switch (error) {
            case "States.Timeout" -> RunFailure.STEP_TIMED_OUT;
            case "States.HeartbeatTimeout" -> RunFailure.STEP_HEARTBEAT_LOST;
            default -> RunFailure.INTERNAL_ERROR;
        };
    }

    /** The run.failed event's reference ({@link RunFailure#referenceFor}): the same for the same run and error. */
    public String reference(RunId run) {
        return RunFailure.referenceFor(run.value() + "\n" + error + "\n" + cause);
    }

    /** For the log only: the error name and what the task said. */
    public String details() {
        String details = error + message().map(m -> ": " + m).orElse("");
        return details.length() <= MAX_DETAILS ? details : details.substring(0, MAX_DETAILS - 1) + "…";
    }

    private Optional<String> message() {
        if (cause.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode parsed = JSON.readTree(cause);
            if (parsed != null && parsed.hasNonNull("errorMessage") && !parsed.get("errorMessage").asText().isBlank()) {
                return Optional.of(parsed.get("errorMessage").asText());
            }
            if (parsed != null && parsed.isObject()) {
                return Optional.empty();
            }
        } catch (IOException notJson) {
            // a plain-text cause (e.g. from a Fail state or SendTaskFailure) is the message itself
        }
        return Optional.of(cause);
    }
}
