package com.aitesting.core.stream;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.Actor;

/**
 * POST /v2/runs/{id}/stream-token: a short-lived token that opens this run's event stream for the
 * caller's tenant without headers (for a browser's EventSource). Only for a run the caller can see, and
 * never beyond the expiry of the caller's own credential.
 */
public final class IssueStreamToken {
    private final Transactions transactions;
    private final RunEventReads runs;
    private final StreamTokens tokens;

    public IssueStreamToken(Transactions transactions, RunEventReads runs, StreamTokens tokens) {
        this.transactions = transactions;
        this.runs = runs;
        this.tokens = tokens;
    }

    public StreamToken execute(Actor actor, RunId run) {
        boolean visible = transactions.inTenant(actor.tenant(), () -> runs.head(run).isPresent());
        if (!visible) {
            throw new NotFoundException("run", run);
        }
        return tokens.issue(actor.tenant(), run, actor.credentialExpiresAt());
    }
}
