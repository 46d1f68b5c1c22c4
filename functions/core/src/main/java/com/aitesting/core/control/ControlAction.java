package com.aitesting.core.control;

import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.run.RunLifecycle;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operator's controls of POST /v2/runs/{run_id}/control. */
public enum ControlAction {
    PAUSE(RunLifecycle.Transition.PAUSE), RESUME(RunLifecycle.Transition.RESUME), ABORT(RunLifecycle.Transition.ABORT);

    private final RunLifecycle.Transition transition;

    ControlAction(RunLifecycle.Transition transition) {
        this.transition = transition;
    }

    /** The lifecycle transition this control asks for. */
    public RunLifecycle.Transition transition() {
        return transition;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A missing or unknown action is a 400 on {@code action} that lists the allowed ones. */
    public static ControlAction parse(String value) {
        for (ControlAction action : values()) {
            if (action.wire().equals(value)) {
                return action;
            }
        }
        throw InvalidInputException.of("action", "must be one of: "
                + Arrays.stream(values()).map(ControlAction::wire).collect(Collectors.joining(", ")));
    }
}
