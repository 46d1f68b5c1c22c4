package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** One GetExecutionHistory event; {@code detailsKey} is its details member, e.g. stateEnteredEventDetails. */
public record HistoryEvent(long id, long previousEventId, String type, Instant timestamp, String detailsKey,
                           ObjectNode details) {
}
