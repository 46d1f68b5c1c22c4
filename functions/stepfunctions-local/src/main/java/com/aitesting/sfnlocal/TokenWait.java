package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A .waitForTaskToken task in progress. Its deadlines are absolute, so a restarted engine keeps the
 * original clock; {@code submitted} tells it whether the function already ran and must not run again.
 * Mutated only inside {@link LiveExecution#commit}.
 */
final class TokenWait {
    final String token;
    final Instant timeoutAt;
    final long heartbeatSeconds;
    volatile Instant heartbeatAt;
    boolean submitted;
    volatile TokenAnswer answer;

    TokenWait(String token, Instant timeoutAt, long heartbeatSeconds, Instant heartbeatAt) {
        this.token = token;
        this.timeoutAt = timeoutAt;
        this.heartbeatSeconds = heartbeatSeconds;
        this.heartbeatAt = heartbeatAt;
    }

    boolean active() {
        return answer == null;
    }

    /** The earlier of the task timeout and the heartbeat deadline. */
    Instant deadline() {
        return heartbeatAt != null && heartbeatAt.isBefore(timeoutAt) ? heartbeatAt : timeoutAt;
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object().put("token", token).put("timeoutAt", timeoutAt.toString())
                .put("heartbeatSeconds", heartbeatSeconds).put("submitted", submitted);
        if (heartbeatAt != null) {
            json.put("heartbeatAt", heartbeatAt.toString());
        }
        TokenAnswer a = answer;
        if (a != null) {
            ObjectNode answerJson = json.putObject("answer");
            if (a.succeeded()) {
                answerJson.set("output", a.output());
            } else {
                answerJson.put("error", a.error()).put("cause", a.cause());
            }
        }
        return json;
    }

    static TokenWait fromJson(JsonNode json) {
        TokenWait wait = new TokenWait(json.get("token").asText(), Instant.parse(json.get("timeoutAt").asText()),
                json.get("heartbeatSeconds").asLong(),
                json.hasNonNull("heartbeatAt") ? Instant.parse(json.get("heartbeatAt").asText()) : null);
        wait.submitted = json.get("submitted").asBoolean();
        JsonNode a = json.get("answer");
        if (a != null) {
            wait.answer = a.has("output") ? TokenAnswer.success(a.get("output"))
                    : TokenAnswer.failure(a.path("error").textValue(), a.path("cause").textValue());
        }
        return wait;
    }
}
