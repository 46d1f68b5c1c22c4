package com.aitesting.core.port;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.finding.EngagementFinding;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.finding.SeverityCounts;
import com.aitesting.core.page.PageKey;
import com.aitesting.core.run.RunId;
import java.util.List;
import java.util.Optional;

/**
 * Findings of runs (table findings, FORCE RLS). Called inside {@link Transactions#inTenant}, so a run of
 * another tenant has none. Written by the real executors' step, read by the API and the exports.
 */
public interface FindingRepository {
    /**
     * Stores one finding of a run's step; empty when this run already holds a finding with the same
     * fingerprint (a redelivered step writes nothing twice).
     */
    Optional<Finding> insert(RunId run, int stepIndex, NewFinding finding);

    /**
     * All the run's findings of {@code minimum} severity or more, most severe first, then newest first: for the
     * exports (a whole document) and the run's own steps.
     */
    List<Finding> listByRun(RunId run, Severity minimum);

    /**
     * One page of {@link #listByRun}: at most {@code limit} findings after {@code after}, a key of
     * (severity ordinal, created_at, id) as {@link Finding#pageKey()}.
     */
    List<Finding> pageByRun(RunId run, Severity minimum, Optional<PageKey> after, int limit);

    /** How many findings of each severity the run has. */
    SeverityCounts countByRun(RunId run);

    /**
     * One page of the engagement's issues over all its runs: for each fingerprint its latest finding, if that is
     * of {@code minimum} severity or more, with its first sighting; most severe first, then the most recently
     * first seen first. At most {@code limit} after {@code after}, a key of (latest severity ordinal, first seen
     * at, first sighting's id) as {@link EngagementFinding#pageKey()}.
     */
    List<EngagementFinding> pageByEngagement(EngagementId engagement, Severity minimum, Optional<PageKey> after, int limit);
}
