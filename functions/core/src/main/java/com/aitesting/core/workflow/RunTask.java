package com.aitesting.core.workflow;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.util.Objects;

/** Which run a workflow task is about: every task payload carries tenant_id and run_id. */
public record RunTask(TenantId tenant, RunId run) {
    public RunTask {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(run, "run");
    }
}
