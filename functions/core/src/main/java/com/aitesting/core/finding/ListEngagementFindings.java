package com.aitesting.core.finding;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.port.EngagementRepository;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.tenant.Actor;
import java.util.List;

/**
 * GET /v1/engagements/{id}/findings: each issue once (the latest finding per fingerprint over the engagement's
 * runs) with when it was first and last seen, a page at a time. Another tenant's engagement is not found.
 */
public final class ListEngagementFindings {
    private final Transactions transactions;
    private final EngagementRepository engagements;
    private final FindingRepository findings;

    public ListEngagementFindings(Transactions transactions, EngagementRepository engagements, FindingRepository findings) {
        this.transactions = transactions;
        this.engagements = engagements;
        this.findings = findings;
    }

    public Page<EngagementFinding> execute(Actor actor, EngagementId id, Severity minimum, PageRequest page) {
        List<EngagementFinding> fetched = transactions.inTenant(actor.tenant(), () -> {
            engagements.find(id).orElseThrow(() -> new NotFoundException("engagement", id));
            return findings.pageByEngagement(id, minimum, page.after(), Page.fetchSize(page));
        });
        return Page.of(fetched, page, EngagementFinding::pageKey);
    }
}
