package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;

/** A task function the engine invokes in-process, registered by its Lambda function name. */
@FunctionalInterface
public interface LambdaFunction {
    JsonNode invoke(JsonNode payload) throws Exception;
}
