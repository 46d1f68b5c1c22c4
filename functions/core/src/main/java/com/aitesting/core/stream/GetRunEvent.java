package com.aitesting.core.stream;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;

/**
 * GET /v2/runs/{id}/events/{seq}: one event of a run. A live channel whose frames are bounded (the
 * WebSocket's 32 KB) sends a larger event as a reference to this. Another tenant's run, an unknown run
 * and a seq the run does not have are all "not found".
 */
public final class GetRunEvent {
    private final Transactions transactions;
    private final RunEventReads events;

    public GetRunEvent(Transactions transactions, RunEventReads events) {
        this.transactions = transactions;
        this.events = events;
    }

    public RunEvent execute(TenantId tenant, RunId run, long seq) {
        if (seq < 1) {
            throw new NotFoundException("event", seq);
        }
        // RLS: the bound tenant sees no event of another tenant's run
        return transactions.inTenant(tenant, () -> events.listAfter(run, seq - 1, 1)).stream()
                .filter(e -> e.seq() == seq)
                .findFirst()
                .orElseThrow(() -> new NotFoundException("event", run + "/" + seq));
    }
}
