package com.aitesting.core.port;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunProgress;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunStatus;
import java.time.Instant;
import com.aitesting.core.page.PageKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Table runs. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. A use case that
 * changes a run locks it ({@link #lock}), decides with {@link RunLifecycle} and writes, in one transaction;
 * each write is still one conditional statement ({@code UPDATE ... WHERE status = ANY (...) RETURNING}), so
 * empty means the run was not in an expected status (or is not visible).
 */
public interface RunRepository {
    void insert(Run run);

    Optional<Run> find(RunId id);

    /**
     * The run, locked until the transaction ends ({@code SELECT ... FOR UPDATE}): concurrent lockers, appends
     * and conditional transitions of this run wait, and a status read here stays true until the commit.
     */
    Optional<Run> lock(RunId id);

    /** The engagement's runs, newest first ((created_at, id) descending), at most {@code limit} strictly after {@code after}. */
    List<Run> listByEngagement(EngagementId engagement, Optional<PageKey> after, int limit);

    /**
     * Moves the run to {@code to} when its status is in {@code from}. Sets started_at on the first move to
     * running and finished_at on a move to a final status ({@link RunLifecycle#starts}, {@link RunLifecycle#ENDED}).
     */
    Optional<Run> transition(RunId run, Set<RunStatus> from, RunStatus to, Instant at);

    /** {@link #transition} to failed, recording why (shown to the tenant: no internals). */
    Optional<Run> fail(RunId run, Set<RunStatus> from, String reason, Instant at);

    /** Records the workflow execution (ARN) that runs it. */
    Optional<Run> recordExecution(RunId run, String executionId);

    /** Records progress (its current step is null before the first and after the last step). */
    Optional<Run> recordProgress(RunId run, RunProgress progress);

    /** Stores the task token of a parked execution while the status is in {@code whenIn}; false when it is not. */
    boolean storeTaskToken(RunId run, String taskToken, Set<RunStatus> whenIn);

    /** Removes and returns the stored task token in one statement, so only one caller can answer it. */
    Optional<String> takeTaskToken(RunId run);
}
