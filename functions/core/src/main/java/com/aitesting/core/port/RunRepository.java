package com.aitesting.core.port;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunStatus;
import java.time.Instant;
import com.aitesting.core.page.PageKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table runs. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. Every state
 * change is ONE conditional statement ({@code UPDATE ... WHERE status IN (...) RETURNING}), so concurrent
 * callers cannot both win: empty means the run was not in an expected status (or is not visible).
 */
public interface RunRepository {
    void insert(Run run);

    Optional<Run> find(RunId id);

    /** The engagement's runs, newest first ((created_at, id) descending), at most {@code limit} strictly after {@code after}. */
    List<Run> listByEngagement(EngagementId engagement, Optional<PageKey> after, int limit);

    /**
     * Moves the run to {@code to} when its status is in {@code from}. Sets started_at on the first move to
     * running and finished_at on a move to a terminal status.
     */
    Optional<Run> transition(RunId run, Set<RunStatus> from, RunStatus to, Instant at);

    /** {@link #transition} to failed, recording why (shown to the tenant: no internals). */
    Optional<Run> fail(RunId run, Set<RunStatus> from, String reason, Instant at);

    /** Records the workflow execution (ARN) that runs it. */
    Optional<Run> recordExecution(RunId run, String executionId);

    /** Records progress; {@code currentStepIndex} is null before the first and after the last step. */
    Optional<Run> recordProgress(RunId run, int completedSteps, Integer currentStepIndex, int percent);

    /**
     * Stores the task token of a parked execution, only while the status is in {@code whenIn}; false when
     * the status had moved on (e.g. a resume arrived first), so the caller answers the token at once.
     */
    boolean storeTaskToken(RunId run, String taskToken, Set<RunStatus> whenIn);

    /** Removes and returns the stored task token in one statement, so only one caller can answer it. */
    Optional<String> takeTaskToken(RunId run);
}
