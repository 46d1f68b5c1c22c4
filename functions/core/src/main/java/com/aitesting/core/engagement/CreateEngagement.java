package com.aitesting.core.engagement;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.idempotency.IdempotentCreation;
import com.aitesting.core.idempotency.IdempotentRequest;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * POST /v1/engagements, with its optional authorization recorded in the same transaction, and with an
 * Idempotency-Key ({@link IdempotentCreation}) the key too.
 */
public final class CreateEngagement {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final IdempotentCreation idempotency;
    private final Clock clock;

    /** For callers that never send an Idempotency-Key. */
    public CreateEngagement(Transactions transactions, EngagementRepository engagements, Clock clock) {
        this(transactions, engagements, IdempotentCreation.WITHOUT_KEYS, clock);
    }

    public CreateEngagement(Transactions transactions, EngagementRepository engagements, IdempotentCreation idempotency,
                            Clock clock) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.clock = clock;
    }

    public Engagement execute(Actor actor, CreateEngagementCommand command) {
        return execute(actor, command, null).resource();
    }

    /**
     * {@code request} null: no Idempotency-Key was sent. With one, the key is stored in the transaction that inserts
     * the engagement, and a replay answers the engagement as it is now (its current authorization).
     */
    public IdempotentCreation.Created<Engagement> execute(Actor actor, CreateEngagementCommand command, IdempotentRequest request) {
        // The body names its tenant so that a script pointed at the wrong credentials fails loudly
        // instead of creating the engagement in the caller's tenant.
        if (!command.tenantId().equals(actor.tenant().value())) {
            throw InvalidInputException.unprocessable("tenant_id", "must equal the tenant of your credentials");
        }
        return transactions.inTenant(actor.tenant(), () -> idempotency.create(actor, request, () -> insert(actor, command),
                engagement -> engagement.id().value(), id -> engagements.find(new EngagementId(id))));
    }

    private Engagement insert(Actor actor, CreateEngagementCommand command) {
        Instant now = Timestamps.now(clock);
        EngagementAuthorization authorization = command.authorizationReference() == null
                ? null
                : new EngagementAuthorization(command.authorizationReference(), actor.user(), now);
        Engagement engagement = new Engagement(EngagementId.random(), actor.tenant(), command.name(), command.type(),
                command.scope(), now, actor.user(), authorization,
                command.allowLargeScope());
        engagements.insert(engagement);
        if (authorization != null) {
            engagements.recordAuthorization(engagement.id(), authorization);
        }
        return engagement;
    }
}
