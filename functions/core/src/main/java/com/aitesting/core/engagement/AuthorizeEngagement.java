package com.aitesting.core.engagement;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;

/**
 * PUT /v1/engagements/{id}/authorization: records the caller and the server's time with the reference, replacing
 * the current authorization (earlier ones stay on record). Another tenant's engagement is not found.
 */
public final class AuthorizeEngagement {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final Clock clock;

    public AuthorizeEngagement(Transactions transactions, EngagementRepository engagements, Clock clock) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.clock = clock;
    }

    public Engagement execute(Actor actor, EngagementId id, String reference) {
        EngagementAuthorization authorization = new EngagementAuthorization(reference, actor.user(), Timestamps.now(clock));
        return transactions.inTenant(actor.tenant(), () -> {
            Engagement engagement = engagements.find(id).orElseThrow(() -> new NotFoundException("engagement", id));
            engagements.recordAuthorization(id, authorization);
            return engagement.withAuthorization(authorization);
        });
    }
}
