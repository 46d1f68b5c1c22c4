package com.aitesting.core.finding;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;

/** GET /v1/tests/{id}/findings (and its exports). Another tenant's run is not found. */
public final class ListRunFindings {
    private final Transactions transactions;
    private final RunRepository runs;
    private final FindingRepository findings;

    public ListRunFindings(Transactions transactions, RunRepository runs, FindingRepository findings) {
        this.transactions = transactions;
        this.runs = runs;
        this.findings = findings;
    }

    public RunFindings execute(Actor actor, RunId id, Severity minimum) {
        return transactions.inTenant(actor.tenant(), () -> {
            Run run = runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            return new RunFindings(run, minimum, findings.listByRun(id, minimum));
        });
    }
}
