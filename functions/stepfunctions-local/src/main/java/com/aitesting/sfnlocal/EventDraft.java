package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.aitesting.sfnlocal.asl.State;

/** A history event before it gets its id, with factories for the event types the engine records. */
record EventDraft(String type, String detailsKey, ObjectNode details) {

    private static final String LAMBDA = "lambda";

    static EventDraft executionStarted(String input, String roleArn) {
        ObjectNode d = Json.object().put("input", input).put("roleArn", roleArn);
        d.putObject("inputDetails").put("truncated", false);
        return new EventDraft("ExecutionStarted", "executionStartedEventDetails", d);
    }

    static EventDraft executionSucceeded(String output) {
        ObjectNode d = Json.object().put("output", output);
        d.putObject("outputDetails").put("truncated", false);
        return new EventDraft("ExecutionSucceeded", "executionSucceededEventDetails", d);
    }

    static EventDraft executionEnded(ExecutionStatus status, String error, String cause) {
        String type = switch (status) {
            case FAILED -> "ExecutionFailed";
            case ABORTED -> "ExecutionAborted";
            case TIMED_OUT -> "ExecutionTimedOut";
            default -> throw new IllegalArgumentException("not a failure status: " + status);
        };
        return new EventDraft(type, Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails",
                errorDetails(error, cause));
    }

    static EventDraft stateEntered(State state, JsonNode input) {
        ObjectNode d = Json.object().put("name", state.name()).put("input", input.toString());
        d.putObject("inputDetails").put("truncated", false);
        return new EventDraft(state.type() + "StateEntered", "stateEnteredEventDetails", d);
    }

    static EventDraft stateExited(State state, JsonNode output) {
        ObjectNode d = Json.object().put("name", state.name()).put("output", output.toString());
        d.putObject("outputDetails").put("truncated", false);
        return new EventDraft(state.type() + "StateExited", "stateExitedEventDetails", d);
    }

    static EventDraft taskScheduled(String resource, String region, JsonNode parameters, long timeoutSeconds,
                                    long heartbeatSeconds) {
        ObjectNode d = Json.object().put("resourceType", LAMBDA).put("resource", resource).put("region", region)
                .put("parameters", parameters.toString()).put("timeoutInSeconds", timeoutSeconds);
        if (heartbeatSeconds > 0) {
            d.put("heartbeatInSeconds", heartbeatSeconds);
        }
        return new EventDraft("TaskScheduled", "taskScheduledEventDetails", d);
    }

    static EventDraft taskStarted(String resource) {
        return new EventDraft("TaskStarted", "taskStartedEventDetails", Json.object().put("resourceType", LAMBDA)
                .put("resource", resource));
    }

    static EventDraft taskSubmitted(String resource, JsonNode output) {
        return new EventDraft("TaskSubmitted", "taskSubmittedEventDetails", Json.object().put("resourceType", LAMBDA)
                .put("resource", resource).put("output", output.toString()));
    }

    static EventDraft taskSucceeded(String resource, JsonNode output) {
        return new EventDraft("TaskSucceeded", "taskSucceededEventDetails", Json.object().put("resourceType", LAMBDA)
                .put("resource", resource).put("output", output.toString()));
    }

    static EventDraft taskFailed(String resource, String error, String cause) {
        ObjectNode d = errorDetails(error, cause).put("resourceType", LAMBDA).put("resource", resource);
        return new EventDraft("TaskFailed", "taskFailedEventDetails", d);
    }

    static EventDraft taskTimedOut(String resource, String error, String cause) {
        ObjectNode d = errorDetails(error, cause).put("resourceType", LAMBDA).put("resource", resource);
        return new EventDraft("TaskTimedOut", "taskTimedOutEventDetails", d);
    }

    static EventDraft mapStateStarted(int length) {
        return new EventDraft("MapStateStarted", "mapStateStartedEventDetails", Json.object().put("length", length));
    }

    static EventDraft mapIteration(String type, String mapName, int index) {
        return new EventDraft(type, Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails",
                Json.object().put("name", mapName).put("index", index));
    }

    static EventDraft plain(String type) {
        return new EventDraft(type, null, null);
    }

    private static ObjectNode errorDetails(String error, String cause) {
        ObjectNode d = Json.object();
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        return d;
    }
}
