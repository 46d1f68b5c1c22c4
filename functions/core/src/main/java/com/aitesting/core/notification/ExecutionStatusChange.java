package com.aitesting.core.notification;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * A Step Functions "Execution Status Change" event, as delivered by EventBridge on AWS or by the embedded
 * engine's listener locally. {@code eventId} is the envelope's id: EventBridge keeps it across redeliveries,
 * so it is the deduplication key. {@code stopDate}, {@code error} and {@code cause} may be null.
 */
public record ExecutionStatusChange(
        String eventId,
        String executionArn,
        ExecutionStatus status,
        TenantId tenant,
        RunId run,
        Instant startDate,
        Instant stopDate,
        String error,
        String cause) {

    public ExecutionStatusChange {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("eventId is required");
        }
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(run, "run");
    }
}
