package com.aitesting.core.engagement;

import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.util.List;

/** GET /v1/engagements: the caller's tenant's engagements, newest first, one page at a time. */
public final class ListEngagements {
    private final Transactions transactions;
    private final EngagementRepository engagements;

    public ListEngagements(Transactions transactions, EngagementRepository engagements) {
        this.transactions = transactions;
        this.engagements = engagements;
    }

    public Page<Engagement> execute(Actor actor, PageRequest page) {
        List<Engagement> fetched = transactions.inTenant(actor.tenant(), () -> engagements.list(page.after(), Page.fetchSize(page)));
        return Page.of(fetched, page, e -> new PageKey(e.createdAt(), e.id().value()));
    }
}
