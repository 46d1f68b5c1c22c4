package com.aitesting.core.run;

/** Where a run's history ends: its status and the seq of its last event (0 before the first). */
public record RunHead(RunId run, RunStatus status, long lastEventSeq) {
    public RunHead {
        if (run == null || status == null) {
            throw new IllegalArgumentException("a run head needs a run and a status");
        }
        if (lastEventSeq < 0) {
            throw new IllegalArgumentException("lastEventSeq must be >= 0, was " + lastEventSeq);
        }
    }
}
