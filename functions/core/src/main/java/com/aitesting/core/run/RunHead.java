package com.aitesting.core.run;

/**
 * Where a run's history ends: its status, the seq of its last event (0 before the first) and the seq of its
 * terminal event (0 while it has none; audit events may follow it, see {@link RunLifecycle}).
 */
public record RunHead(RunId run, RunStatus status, long lastEventSeq, long endSeq) {
    public RunHead {
        if (run == null || status == null) {
            throw new IllegalArgumentException("a run head needs a run and a status");
        }
        if (lastEventSeq < 0 || endSeq < 0 || endSeq > lastEventSeq) {
            throw new IllegalArgumentException("need 0 <= endSeq <= lastEventSeq, was " + endSeq + " and " + lastEventSeq);
        }
    }

    /** A run without its terminal event yet. */
    public RunHead(RunId run, RunStatus status, long lastEventSeq) {
        this(run, status, lastEventSeq, 0);
    }
}
