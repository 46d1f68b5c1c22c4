package com.aitesting.core.workflow;

import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;

/**
 * Idempotency keys of run events (docs/usecases.md): one-off lifecycle events use their type, step events
 * {@code <type>:<step_index>[:<n>]}. Events that may happen many times per run (pause, park, resume) are
 * written only by the caller that won a conditional transition, so they need a key that is merely unique:
 * the seq the event is about to get, read from the run row this transaction has just locked and updated.
 */
public final class Keys {
    public static String next(String type, Run lockedRun) {
        return type + ":" + (lockedRun.lastEventSeq() + 1);
    }

    static String step(String type, int stepIndex) {
        return type + ":" + stepIndex;
    }

    static String progress(int stepIndex, int n) {
        return RunEventType.STEP_PROGRESS + ":" + stepIndex + ":" + n;
    }

    private Keys() {}
}
