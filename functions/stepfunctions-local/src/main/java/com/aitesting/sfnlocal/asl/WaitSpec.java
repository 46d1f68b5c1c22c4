package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** When a Wait state ends: Seconds, SecondsPath, Timestamp or TimestampPath. */
public sealed interface WaitSpec {

    Instant until(PathContext scope, Instant now);

    record Seconds(long seconds) implements WaitSpec {
        public Instant until(PathContext scope, Instant now) {
            return now.plusSeconds(seconds);
        }
    }

    record SecondsPath(JsonPath path) implements WaitSpec {
        public Instant until(PathContext scope, Instant now) {
            JsonNode value = path.require(scope, "SecondsPath");
            if (!value.isIntegralNumber() || value.asLong() < 0) {
                throw StatesError.runtime("The SecondsPath '" + path + "' resolved to " + value
                        + ", not a non-negative integer");
            }
            return now.plusSeconds(value.asLong());
        }
    }

    record Timestamp(Instant at) implements WaitSpec {
        public Instant until(PathContext scope, Instant now) {
            return at;
        }
    }

    record TimestampPath(JsonPath path) implements WaitSpec {
        public Instant until(PathContext scope, Instant now) {
            JsonNode value = path.require(scope, "TimestampPath");
            return Condition.timestamp(value).orElseThrow(() -> StatesError.runtime("The TimestampPath '" + path
                    + "' resolved to " + value + ", not an ISO-8601 timestamp")).toInstant();
        }
    }
}
