package com.aitesting.core.simulation;

import com.aitesting.core.run.RunMode;
import java.util.List;
import java.util.Map;

/**
 * What one simulated step reports: its progress events in order (percent rising, below 100)
 * and the result summary of its {@code step.completed} event. {@code findings} is the number of issues the
 * step pretends to have found (none is stored); {@code targets} every host, address or URL host it named.
 */
public record StepScript(List<Progress> progress, String headline, int findings, List<String> targets,
                         Map<String, Object> details) {
    public record Progress(int percent, String message) {}

    public StepScript {
        progress = List.copyOf(progress);
        targets = List.copyOf(targets);
        details = Map.copyOf(details);
    }

    /** The payload of step.completed's {@code summary}. */
    public Map<String, Object> summary() {
        // the mode says what the counts are: a simulation's, not anything observed (a real step says "real")
        return Map.of("mode", RunMode.SIMULATED.wire(), "headline", headline, "findings", findings, "targets", targets, "details", details);
    }
}
