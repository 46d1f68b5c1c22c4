package com.aitesting.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.aitesting.postgres.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code {"Error", "Cause"}} object a Catch puts into the state, turned into a reason a tenant can read.
 * A Lambda's Cause is JSON with errorMessage and errorType; the message is what the task said.
 */
public record TaskError(String error, String cause) {
    private static final ObjectMapper JSON = JsonMappers.shared();
    private static final int MAX_REASON = 500;

    public static TaskError of(Map<?, ?> caught) {
        Object error = caught.get("Error");
        Object cause = caught.get("Cause");
        return new TaskError(error == null ? "States.Unknown" : error.toString(), cause == null ? "" : cause.toString());
    }

    public String reason() {
        String reason = switch (error) {
            case "States.Timeout" -> "A step did not finish within its time limit.";
            case "States.HeartbeatTimeout" -> "A step stopped reporting that it was alive.";
            default -> message().map(m -> "A step failed: " + m).orElse("A step failed (" + error + ").");
        };
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
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
