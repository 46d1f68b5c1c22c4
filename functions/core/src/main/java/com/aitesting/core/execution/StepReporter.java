package com.aitesting.core.execution;

import com.aitesting.core.finding.NewFinding;

/**
 * Where an executor reports while it works; called from many probe threads at once. Each call returns
 * quickly enough for probing to continue (the use case throttles progress events).
 */
public interface StepReporter {
    /** Work done so far of the step's whole work (all chunks), e.g. probes sent of probes planned. */
    void progress(long done, long total, String message);

    /** Something observed on the wire. */
    void finding(NewFinding finding);

    /** The network guard refused a connection: never silent. */
    void blocked(ScopeRefusal refusal);
}
