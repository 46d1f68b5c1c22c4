package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a state's result goes in its raw input; a null path (ResultPath: null) discards the result. */
public record ResultPath(JsonPath path) {

    public static final ResultPath REPLACE_INPUT = new ResultPath(JsonPath.parse("$"));

    public JsonNode apply(JsonNode rawInput, JsonNode result) {
        return path == null ? rawInput : path.write(rawInput, result);
    }
}
