package com.aitesting.core.engagement;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;

/** GET /v1/engagements/{id}. Another tenant's engagement is not found. */
public final class GetEngagement {
    private final Transactions transactions;
    private final EngagementRepository engagements;

    public GetEngagement(Transactions transactions, EngagementRepository engagements) {
        this.transactions = transactions;
        this.engagements = engagements;
    }

    public Engagement execute(Actor actor, EngagementId id) {
        return transactions.inTenant(actor.tenant(), () -> engagements.find(id))
                .orElseThrow(() -> new NotFoundException("engagement", id));
    }
}
