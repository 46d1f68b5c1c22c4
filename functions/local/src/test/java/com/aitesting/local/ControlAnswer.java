package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Set;

/** One control's answer: 200 with the run's status, or 409 with its current_status. */
record ControlAnswer(String action, int code, String status) {
    static ControlAnswer of(String action, HttpResponse<String> response) {
        JsonNode body = LocalApi.json(response);
        String status = body.path(response.statusCode() == 409 ? "current_status" : "status").asText();
        return new ControlAnswer(action, response.statusCode(), status);
    }

    /**
     * What the lifecycle allows as the answer to this action (RunLifecycle), exactly, whatever other clients
     * committed around it: a pause is refused only by a finished run, a resume only by a running one (never
     * paused) or a finished one, an abort only by a completed or failed one (an aborted one accepts it again,
     * without an event). Anything but 200 and 409 (a 5xx above all) fails.
     */
    void assertAllowed() {
        Set<String> allowed = switch (code) {
            case 200 -> switch (action) {
                case "pause" -> Set.of("pausing", "paused");
                case "resume" -> Set.of("running");
                default -> Set.of("aborted");
            };
            case 409 -> switch (action) {
                case "pause" -> Set.of("completed", "aborted");
                case "resume" -> Set.of("running", "completed", "aborted");
                default -> Set.of("completed", "failed");
            };
            default -> Set.of();
        };
        assertThat(status).as("%s answered %d", action, code).isIn(allowed);
    }
}
