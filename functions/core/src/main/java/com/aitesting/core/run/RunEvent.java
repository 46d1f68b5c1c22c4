package com.aitesting.core.run;

import java.time.Instant;
import java.util.Map;

/** One entry of a run's history. {@code seq} is gap-free per run and is the SSE event id. */
public record RunEvent(RunId runId, long seq, String type, Map<String, Object> payload, Instant createdAt) {
    public RunEvent {
        payload = Map.copyOf(payload);
    }

    public boolean isTerminal() {
        return RunLifecycle.isEndEvent(type);
    }
}
