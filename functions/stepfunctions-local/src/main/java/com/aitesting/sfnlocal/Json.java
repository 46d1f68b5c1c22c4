package com.aitesting.sfnlocal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The engine's one ObjectMapper and the JSON conventions it shares. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text the engine wrote itself (persisted state); a failure is a bug or corruption. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text a caller supplied; empty when it is not JSON. */
    static Optional<JsonNode> tryParse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** AWS JSON 1.0 timestamps are epoch seconds with a fraction. */
    static DecimalNode epochSeconds(Instant instant) {
        return new DecimalNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    /** Context-object timestamps ($$.Execution.StartTime, $$.State.EnteredTime): ISO-8601 with milliseconds. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
