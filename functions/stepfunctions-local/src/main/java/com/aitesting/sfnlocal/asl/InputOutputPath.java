package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** InputPath or OutputPath: selects part of a document; a null path (field set to null) yields {@code {}}. */
public record InputOutputPath(String field, JsonPath path) {

    public JsonNode select(JsonNode document, JsonNode context) {
        if (path == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        return path.require(new PathContext(document, context), field);
    }
}
