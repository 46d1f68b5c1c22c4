package com.aitesting.core.control;

import com.aitesting.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operator's controls of POST /v2/runs/{run_id}/control. */
public enum ControlAction {
    PAUSE, RESUME, ABORT;

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
