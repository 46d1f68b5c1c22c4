package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;

/** How a parked task ended: SendTaskSuccess output, or an error (SendTaskFailure or a timeout). */
record TokenAnswer(JsonNode output, String error, String cause) {

    static TokenAnswer success(JsonNode output) {
        return new TokenAnswer(output, null, null);
    }

    static TokenAnswer failure(String error, String cause) {
        return new TokenAnswer(null, error, cause);
    }

    boolean succeeded() {
        return output != null;
    }
}
