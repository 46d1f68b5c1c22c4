package com.aitesting.core.run;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.tenant.TenantId;
import java.time.Instant;
import java.util.Objects;

/**
 * One execution of a plan. Nullable: {@code currentStepIndex} (before the first step and after the last),
 * {@code executionId} (until the workflow started), {@code startedAt}, {@code finishedAt},
 * {@code failureReason} (only when failed). {@code lastEventSeq} is the seq of its latest run_event. {@code mode} is
 * decided once, when the run is queued (StartRun checks what a real run needs then), and every step runs in it.
 */
public record Run(
        RunId id,
        TenantId tenant,
        EngagementId engagementId,
        PlanId planId,
        RunStatus status,
        RunMode mode,
        int totalSteps,
        int completedSteps,
        Integer currentStepIndex,
        int percent,
        String executionId,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String failureReason,
        long lastEventSeq) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(engagementId, "engagementId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(createdAt, "createdAt");
        if (percent < 0 || percent > 100 || completedSteps < 0 || completedSteps > totalSteps) {
            throw new IllegalArgumentException("progress out of range: " + completedSteps + "/" + totalSteps + ", " + percent + "%");
        }
    }

    /** A run that was just created: queued, nothing done, no events yet (run.queued is appended next). */
    public static Run queued(RunId id, TenantId tenant, EngagementId engagementId, PlanId planId, RunMode mode, int totalSteps,
                             Instant createdAt) {
        return new Run(id, tenant, engagementId, planId, RunStatus.QUEUED, mode, totalSteps, 0, null, 0, null, createdAt, null, null,
                null, 0);
    }
}
