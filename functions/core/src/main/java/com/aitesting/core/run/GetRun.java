package com.aitesting.core.run;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;

/** GET /v1/tests/{id}: the run and its notification deliveries. Another tenant's run is not found. */
public final class GetRun {
    private final Transactions transactions;
    private final RunRepository runs;
    private final NotificationDeliveryRepository deliveries;

    public GetRun(Transactions transactions, RunRepository runs, NotificationDeliveryRepository deliveries) {
        this.transactions = transactions;
        this.runs = runs;
        this.deliveries = deliveries;
    }

    public RunDetail execute(Actor actor, RunId id) {
        return transactions.inTenant(actor.tenant(), () -> runs.find(id)
                        .map(run -> new RunDetail(run, deliveries.listForRun(id))))
                .orElseThrow(() -> new NotFoundException("run", id));
    }
}
