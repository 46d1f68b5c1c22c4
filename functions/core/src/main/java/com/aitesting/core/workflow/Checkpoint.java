package com.aitesting.core.workflow;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunLifecycle.AtStepBoundary;

/**
 * The control check before each step: the state machine continues, parks (pause takes effect here, at the
 * step boundary) or ends the Map as aborted, as {@link RunLifecycle#atStepBoundary} says. Reads only; the
 * controls write.
 */
public final class Checkpoint {
    private final Transactions transactions;
    private final RunRepository runs;

    public Checkpoint(Transactions transactions, RunRepository runs) {
        this.transactions = transactions;
        this.runs = runs;
    }

    public AtStepBoundary execute(RunTask task) {
        return RunLifecycle.atStepBoundary(transactions.inTenant(task.tenant(), () -> runs.find(task.run()))
                .orElseThrow(() -> new NotFoundException("run", task.run()))
                .status());
    }
}
