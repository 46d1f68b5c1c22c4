package com.aitesting.core.control;

import com.aitesting.core.run.RunId;
import java.util.Objects;

/** A control for one run: {@code run} from the URL, {@code action} from the body {@code {"action": "..."}}. */
public record ControlRunCommand(RunId run, ControlAction action) {
    public ControlRunCommand {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(action, "action");
    }

    public static ControlRunCommand parse(RunId run, String action) {
        return new ControlRunCommand(run, ControlAction.parse(action));
    }
}
