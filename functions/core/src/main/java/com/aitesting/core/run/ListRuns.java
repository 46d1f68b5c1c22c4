package com.aitesting.core.run;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.util.List;

/** The runs of one engagement, newest first; an engagement the caller cannot see is not found (not an empty list). */
public final class ListRuns {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final RunRepository runs;

    public ListRuns(Transactions transactions, EngagementRepository engagements, RunRepository runs) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.runs = runs;
    }

    public Page<Run> execute(Actor actor, EngagementId engagement, PageRequest page) {
        List<Run> fetched = transactions.inTenant(actor.tenant(), () -> {
            if (engagements.find(engagement).isEmpty()) {
                throw new NotFoundException("engagement", engagement);
            }
            return runs.listByEngagement(engagement, page.after(), Page.fetchSize(page));
        });
        return Page.of(fetched, page, r -> new PageKey(r.createdAt(), r.id().value()));
    }
}
