package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What a path can see: the state's effective input ({@code $}) and the context object ({@code $$}). */
public record PathContext(JsonNode input, JsonNode context) {
}
