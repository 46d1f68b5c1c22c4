package com.aitesting.core.finding;

import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.page.Page;
import com.aitesting.core.page.PageRequest;
import com.aitesting.core.port.FindingRepository;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunMode;
import com.aitesting.core.tenant.Actor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /v1/tests/{id}/findings: a page of the list, or every finding for an export (a whole document). Another
 * tenant's run is not found.
 *
 * <p>An export is what a scanner hands to DefectDojo or GitHub code scanning, which read "no findings" as "clean"
 * and close or replace what an earlier import held. So only a run that probed for real and has ended exports;
 * a simulated run, one that ended before testing anything, or one still under way is a 409 saying why.
 */
public final class ListRunFindings {
    /** 409: the run is queued, running, pausing or paused; an export now would miss what its remaining steps find. */
    public static final String NOT_FINISHED = "run-not-finished";
    /** 409: the run probed nothing (simulated, or ended before a step finished and stored nothing). */
    public static final String NOTHING_TESTED = "nothing-tested";

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final FindingRepository findings;

    public ListRunFindings(Transactions transactions, RunRepository runs, RunEventStore events, FindingRepository findings) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.findings = findings;
    }

    /** Every finding, for an export of an ended real run; else a {@link ConflictException} ({@link #NOT_FINISHED}, {@link #NOTHING_TESTED}). */
    public RunFindings execute(Actor actor, RunId id, Severity minimum) {
        return transactions.inTenant(actor.tenant(), () -> {
            Run run = runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            requireExportable(run, run.completedSteps() > 0 || findings.countByRun(id).total() > 0);
            List<StepShortfall> shortfalls = events.allOf(id, RunEventType.STEP_COMPLETED).stream()
                    .flatMap(step -> StepShortfall.of(step).stream()).toList();
            return new RunFindings(run, minimum, findings.listByRun(id, minimum), shortfalls);
        });
    }

    /** One page of the list, most severe first, then newest first: a live view, for any run in any status. */
    public Page<Finding> page(Actor actor, RunId id, Severity minimum, PageRequest page) {
        List<Finding> fetched = transactions.inTenant(actor.tenant(), () -> {
            runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            return findings.pageByRun(id, minimum, page.after(), Page.fetchSize(page));
        });
        return Page.of(fetched, page, Finding::pageKey);
    }

    /**
     * Refuses the export unless the run is real, ended (completed, failed or aborted: the exports say which)
     * and {@code tested}: a step finished or a finding was stored (only a real step stores one).
     */
    static void requireExportable(Run run, boolean tested) {
        String status = run.status().wire();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("run_status", status);
        details.put("run_mode", run.mode().wire());
        // a simulated run is refused as such even while it runs: waiting for it would not make it exportable
        if (run.mode() == RunMode.SIMULATED) {
            throw new ConflictException(NOTHING_TESTED, "Run " + run.id() + " is simulated (SIMULATE_PROGRESS=true): it probed "
                    + "nothing and stored no findings, so an export would read as a clean scan, and reimported it would close "
                    + "the real findings of earlier imports. Export a real run (SIMULATE_PROGRESS=false) instead.", details);
        }
        if (!run.status().isTerminal()) {
            throw new ConflictException(NOT_FINISHED, "Run " + run.id() + " is " + status + ": an export now would lack what "
                    + "its remaining steps find, and reimported it would close those findings. Export it once it has ended "
                    + "(completed, failed or aborted); GET /v1/tests/" + run.id() + "/findings lists what it has found so far.", details);
        }
        if (!tested) {
            throw new ConflictException(NOTHING_TESTED, "Run " + run.id() + " ended (" + status
                    + ") before any step finished, and stored no findings: nothing was tested, so an export would read as a "
                    + "clean scan. Export a run that tested its targets.", details);
        }
    }
}
