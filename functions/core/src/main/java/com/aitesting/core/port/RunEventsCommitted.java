package com.aitesting.core.port;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;

/**
 * Told once a transaction that appended events of a run has committed: never inside it, never for one
 * that rolled back (on AWS: {@code PushRunEvents}, which sends the run's WebSocket subscribers what they
 * have not had yet). Implementations must not throw: the writer's commit has happened whatever they do.
 */
@FunctionalInterface
public interface RunEventsCommitted {
    /** Where viewers are told otherwise (the embedded server: LISTEN/NOTIFY), or in tests. */
    RunEventsCommitted NOBODY = (tenant, run) -> { };

    void committed(TenantId tenant, RunId run);
}
