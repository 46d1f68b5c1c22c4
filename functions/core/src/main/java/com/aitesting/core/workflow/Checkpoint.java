package com.aitesting.core.workflow;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunStatus;
import java.util.Locale;

/**
 * The control check before each step: the state machine continues, parks (pause takes effect here, at the
 * step boundary) or ends the Map as aborted. Reads only; the controls write.
 */
public final class Checkpoint {
    public enum Decision {
        CONTINUE, PAUSE, ABORT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Transactions transactions;
    private final RunRepository runs;

    public Checkpoint(Transactions transactions, RunRepository runs) {
        this.transactions = transactions;
        this.runs = runs;
    }

    public Decision execute(RunTask task) {
        RunStatus status = transactions.inTenant(task.tenant(), () -> runs.find(task.run()))
                .orElseThrow(() -> new NotFoundException("run", task.run()))
                .status();
        return switch (status) {
            case RUNNING -> Decision.CONTINUE;
            case PAUSING, PAUSED -> Decision.PAUSE;
            // Any finished run ends the Map: nothing may run after its terminal event.
            case COMPLETED, FAILED, ABORTED -> Decision.ABORT;
            case QUEUED -> throw new IllegalStateException("run " + task.run() + " reached a checkpoint while queued");
        };
    }
}
