package com.aitesting.core.execution;

import java.util.Map;

/**
 * What one chunk did. {@code done} false means the time budget ran out first: the state machine passes a
 * checkpoint and calls the step again from {@code nextOffset}. {@code counts} are cumulative over the
 * step's chunks so far (the step.completed summary when done).
 */
public record ChunkOutcome(boolean done, long nextOffset, Map<String, Long> counts) {
    public ChunkOutcome {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must be >= 0");
        }
        counts = Map.copyOf(counts);
    }
}
