package com.aitesting.core.run;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;

/** GET /v1/tests/{id}. Another tenant's run is not found. */
public final class GetRun {
    private final Transactions transactions;
    private final RunRepository runs;

    public GetRun(Transactions transactions, RunRepository runs) {
        this.transactions = transactions;
        this.runs = runs;
    }

    public Run execute(Actor actor, RunId id) {
        return transactions.inTenant(actor.tenant(), () -> runs.find(id))
                .orElseThrow(() -> new NotFoundException("run", id));
    }
}
