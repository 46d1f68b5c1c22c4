package com.aitesting.api.web.json;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RunLifecycle}'s rules as a client needs them to follow a run from its events: which controls
 * move a run in which status, and which status each lifecycle event leaves it in. The console reads them
 * from here, so the rules are written once.
 */
@Schema(name = "RunLifecycle")
public record RunLifecycleResponse(
        @Schema(description = "Every status, in lifecycle order", example = "[\"queued\",\"running\",\"pausing\",\"paused\",\"completed\",\"failed\",\"aborted\"]")
        List<String> statuses,
        @Schema(description = "The statuses a run never leaves", example = "[\"completed\",\"failed\",\"aborted\"]") List<String> ended,
        @Schema(description = "Per control action, the statuses in which it moves the run (elsewhere it is refused with 409, "
                + "or accepted with nothing to do when the run already is where it leads)",
                example = "{\"pause\":[\"running\"],\"resume\":[\"pausing\",\"paused\"],\"abort\":[\"queued\",\"running\",\"pausing\",\"paused\"]}")
        Map<String, List<String>> controls,
        @Schema(description = "Per lifecycle event type, the status the run is in after it",
                example = "{\"run.queued\":\"queued\",\"run.started\":\"running\",\"run.paused\":\"paused\"}")
        Map<String, String> statusAfter) {

    public static RunLifecycleResponse of() {
        Map<String, List<String>> controls = new LinkedHashMap<>();
        for (ControlAction action : ControlAction.values()) {
            controls.put(action.wire(), inOrder(action.transition().from()));
        }
        Map<String, String> statusAfter = new LinkedHashMap<>();
        statusAfter.put(RunLifecycle.CREATED_EVENT, RunLifecycle.INITIAL.wire());
        for (RunLifecycle.Transition t : RunLifecycle.Transition.values()) {
            statusAfter.putIfAbsent(t.event(), t.to().wire()); // run.failed ends two transitions, both in failed
        }
        return new RunLifecycleResponse(inOrder(Set.of(RunStatus.values())), inOrder(RunLifecycle.ENDED), controls, statusAfter);
    }

    private static List<String> inOrder(Set<RunStatus> statuses) {
        return Arrays.stream(RunStatus.values()).filter(statuses::contains).map(RunStatus::wire).toList();
    }
}
