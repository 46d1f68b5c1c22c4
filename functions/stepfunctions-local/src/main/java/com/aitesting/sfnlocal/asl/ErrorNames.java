package com.aitesting.sfnlocal.asl;

import java.util.List;

/** How an ErrorEquals list matches an error name, including the States.* wildcards. */
final class ErrorNames {
    static final String ALL = "States.ALL";
    static final String TASK_FAILED = "States.TaskFailed";

    private ErrorNames() {
    }

    static boolean matches(List<String> errorEquals, String error) {
        if (StatesError.RUNTIME.equals(error)) {
            return false; // never retried or caught, even by States.ALL
        }
        boolean timeout = StatesError.TIMEOUT.equals(error) || StatesError.HEARTBEAT_TIMEOUT.equals(error);
        for (String name : errorEquals) {
            if (name.equals(error) || name.equals(ALL)
                    || (name.equals(TASK_FAILED) && !timeout)
                    || (name.equals(StatesError.TIMEOUT) && timeout)) {
                return true;
            }
        }
        return false;
    }
}
