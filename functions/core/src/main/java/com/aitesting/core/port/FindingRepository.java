package com.aitesting.core.port;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.finding.EngagementFinding;
import com.aitesting.core.finding.Finding;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import com.aitesting.core.finding.SeverityCounts;
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

    /** The run's findings of {@code minimum} severity or more, most severe first, then oldest first. */
    List<Finding> listByRun(RunId run, Severity minimum);

    /** How many findings of each severity the run has. */
    SeverityCounts countByRun(RunId run);

    /**
     * The engagement's issues over all its runs: for each fingerprint its latest finding, if that is of
     * {@code minimum} severity or more, with its first sighting; most severe first, then first seen first.
     */
    List<EngagementFinding> latestByEngagement(EngagementId engagement, Severity minimum);
}
