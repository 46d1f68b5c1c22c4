package com.aitesting.core.engagement;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.time.Instant;

/** POST /v1/engagements, with its optional authorization recorded in the same transaction. */
public final class CreateEngagement {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final Clock clock;

    public CreateEngagement(Transactions transactions, EngagementRepository engagements, Clock clock) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.clock = clock;
    }

    public Engagement execute(Actor actor, CreateEngagementCommand command) {
        // The body names its tenant so that a script pointed at the wrong credentials fails loudly
        // instead of creating the engagement in the caller's tenant.
        if (!command.tenantId().equals(actor.tenant().value())) {
            throw InvalidInputException.unprocessable("tenant_id", "must equal the tenant of your credentials");
        }
        Instant now = Timestamps.now(clock);
        EngagementAuthorization authorization = command.authorizationReference() == null
                ? null
                : new EngagementAuthorization(command.authorizationReference(), actor.user(), now);
        Engagement engagement = new Engagement(EngagementId.random(), actor.tenant(), command.name(), command.type(),
                command.scope(), now, actor.user(), authorization);
        transactions.inTenant(actor.tenant(), () -> {
            engagements.insert(engagement);
            if (authorization != null) {
                engagements.recordAuthorization(engagement.id(), authorization);
            }
        });
        return engagement;
    }
}
