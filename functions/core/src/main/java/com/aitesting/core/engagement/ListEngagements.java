package com.aitesting.core.engagement;

import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.util.List;

/** GET /v1/engagements: the caller's tenant's engagements, newest first. */
public final class ListEngagements {
    private final Transactions transactions;
    private final EngagementRepository engagements;

    public ListEngagements(Transactions transactions, EngagementRepository engagements) {
        this.transactions = transactions;
        this.engagements = engagements;
    }

    public List<Engagement> execute(Actor actor) {
        return transactions.inTenant(actor.tenant(), engagements::list);
    }
}
