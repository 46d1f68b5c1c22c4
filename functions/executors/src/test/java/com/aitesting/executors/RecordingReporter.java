package com.aitesting.executors;

import com.aitesting.core.execution.ScopeRefusal;
import com.aitesting.core.execution.StepReporter;
import com.aitesting.core.finding.NewFinding;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Collects what an executor reports. */
final class RecordingReporter implements StepReporter {
    final List<NewFinding> findings = new CopyOnWriteArrayList<>();
    final List<ScopeRefusal> refusals = new CopyOnWriteArrayList<>();
    final AtomicLong lastDone = new AtomicLong();
    final AtomicLong lastTotal = new AtomicLong();

    @Override
    public void progress(long done, long total, String message) {
        lastDone.accumulateAndGet(done, Math::max);
        lastTotal.set(total);
    }

    @Override
    public void finding(NewFinding finding) {
        findings.add(finding);
    }

    @Override
    public void blocked(ScopeRefusal refusal) {
        refusals.add(refusal);
    }

    List<String> rules() {
        return findings.stream().map(NewFinding::ruleId).sorted().toList();
    }
}
