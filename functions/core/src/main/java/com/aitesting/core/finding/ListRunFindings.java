package com.aitesting.core.finding;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;
import java.util.List;

/**
 * GET /v1/tests/{id}/findings: a page of the list, or every finding for an export (a whole document). Another
 * tenant's run is not found.
 */
public final class ListRunFindings {
    private final Transactions transactions;
    private final RunRepository runs;
    private final FindingRepository findings;

    public ListRunFindings(Transactions transactions, RunRepository runs, FindingRepository findings) {
        this.transactions = transactions;
        this.runs = runs;
        this.findings = findings;
    }

    /** Every finding, for an export. */
    public RunFindings execute(Actor actor, RunId id, Severity minimum) {
        return transactions.inTenant(actor.tenant(), () -> {
            Run run = runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            return new RunFindings(run, minimum, findings.listByRun(id, minimum));
        });
    }

    /** One page of the list, most severe first, then newest first. */
    public Page<Finding> page(Actor actor, RunId id, Severity minimum, PageRequest page) {
        List<Finding> fetched = transactions.inTenant(actor.tenant(), () -> {
            runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            return findings.pageByRun(id, minimum, page.after(), Page.fetchSize(page));
        });
        return Page.of(fetched, page, Finding::pageKey);
    }
}
